package io.binlogpitr.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a client (the agent, a restore) and MySQL that can cut the network the quiet way: {@link #freezeAll()} stops
 * forwarding on every open connection without closing it, as a dead link or a stuck firewall does, so neither end
 * sees an error. New connections are relayed normally.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Relay> relays = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding on every connection open now; they stay open and silent. */
    public void freezeAll() {
        relays.forEach(r -> r.frozen = true);
    }

    public int connections() {
        return relays.size();
    }

    private void acceptLoop() {
        try {
            while (!listener.isClosed()) {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                Relay relay = new Relay(client, server);
                relays.add(relay);
                pump(relay, client, server, "up");
                pump(relay, server, client, "down");
            }
        } catch (IOException e) {
            // listener closed: the proxy is shutting down
        }
    }

    private static void pump(Relay relay, Socket from, Socket to, String direction) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            while (relay.frozen) {
                                Thread.sleep(50); // hold the bytes: the link is "cut"
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        relay.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tcp-proxy-" + direction);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        relays.forEach(Relay::close);
    }

    private static final class Relay {
        final Socket a;
        final Socket b;
        volatile boolean frozen;

        Relay(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void close() {
            try {
                a.close();
                b.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
