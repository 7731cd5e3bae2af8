package io.binlogpitr.testing.workload;

import java.util.Random;

/** Random GEOMETRY and POINT values as WKT (bound through {@code ST_GeomFromText(?)}). */
final class RandomShapes {

    private static final String[] EDGES = {
        "POINT(0 0)",
        "POINT(-0.0000001 1e10)",
        "LINESTRING(0 0,1 1,2 0)",
        "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))",
        "MULTIPOINT((1 2),(3 4))",
        "GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))",
        "GEOMETRYCOLLECTION EMPTY"
    };

    private RandomShapes() {}

    static String geometry(Random random, boolean edge) {
        if (edge) {
            return EDGES[random.nextInt(EDGES.length)];
        }
        return switch (random.nextInt(3)) {
            case 0 -> point(random, false);
            case 1 -> "LINESTRING(" + coords(random) + "," + coords(random) + "," + coords(random) + ")";
            default -> {
                String a = coords(random);
                yield "POLYGON((" + a + "," + coords(random) + "," + coords(random) + "," + a + "))";
            }
        };
    }

    static String point(Random random, boolean edge) {
        return edge ? "POINT(-180 90)" : "POINT(" + coords(random) + ")";
    }

    private static String coords(Random random) {
        return (random.nextDouble() * 360 - 180) + " " + (random.nextDouble() * 180 - 90);
    }
}
