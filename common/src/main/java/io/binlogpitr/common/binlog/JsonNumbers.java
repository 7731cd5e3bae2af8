package io.binlogpitr.common.binlog;

/**
 * Doubles in JSON text: the shortest digits Java finds that read back as the same double (so {@code JsonDoubles}
 * restores it exactly), laid out like MySQL's {@code my_gcvt}: plain between 1e-7 and 1e15, else with an exponent
 * ({@code 1e300}, {@code 1.5e-8}); always with a point or an exponent, so the text stays a double.
 */
final class JsonNumbers {
    private JsonNumbers() {}

    static void appendDouble(ByteSink out, double d) {
        if (d == 0) {
            out.ascii(Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0");
            return;
        }
        if (!Double.isFinite(d)) {
            out.ascii(Double.toString(d)); // cannot be stored; shown as it is
            return;
        }
        String java = Double.toString(Math.abs(d)); // d.ddd or d.dddE[-]n
        int e = java.indexOf('E');
        String mantissa = e < 0 ? java : java.substring(0, e);
        int exp = e < 0 ? 0 : Integer.parseInt(java.substring(e + 1));
        int point = mantissa.indexOf('.');
        StringBuilder digits = new StringBuilder(20);
        digits.append(mantissa, 0, point).append(mantissa, point + 1, mantissa.length());
        int decpt = point + exp; // digits before the point
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
            decpt--;
        }
        digits.delete(0, lead);
        int last = digits.length();
        while (last > 1 && digits.charAt(last - 1) == '0') {
            last--;
        }
        digits.setLength(last);
        if (d < 0) {
            out.put('-');
        }
        int n = digits.length();
        if (decpt > 15 || decpt < -6) {
            out.put(digits.charAt(0));
            if (n > 1) {
                out.put('.');
                out.ascii(digits.substring(1));
            }
            out.put('e');
            out.ascii(decpt - 1);
        } else if (decpt <= 0) {
            out.ascii("0.");
            for (int i = decpt; i < 0; i++) {
                out.put('0');
            }
            out.ascii(digits.toString());
        } else if (decpt >= n) {
            out.ascii(digits.toString());
            for (int i = n; i < decpt; i++) {
                out.put('0');
            }
            out.ascii(".0");
        } else {
            out.ascii(digits.substring(0, decpt));
            out.put('.');
            out.ascii(digits.substring(decpt));
        }
    }
}
