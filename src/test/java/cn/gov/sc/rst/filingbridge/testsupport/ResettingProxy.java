package cn.gov.sc.rst.filingbridge.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a peer simulator that can make the peer "commit, then reset the connection":
 * the request goes through, the simulator stores it and writes its answer, and the proxy, instead of passing the
 * answer on, resets the caller's connection (RST: SO_LINGER 0, then close). The caller cannot tell whether the peer
 * took the message, so it must send it again under the same Idempotency-Key and the peer must take it once.
 *
 * <p>Otherwise the proxy passes bytes both ways unchanged. It knows nothing of HTTP: on a kept-alive connection, the
 * first bytes that come back after the caller sent something are taken as the start of an answer (the gateway does
 * not pipeline requests). While {@link #resetEvery(int) resetting}, every n-th answer is reset, so that retries get
 * through in the end. When the peer's port is closed the caller's connection is reset at once, as a refused
 * connection would be.
 */
public final class ResettingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "resetting-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private volatile int resetEvery;

    private ResettingProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    /** Listens on a free port and passes everything to {@code upstreamPort} on 127.0.0.1. */
    public static ResettingProxy start(int upstreamPort) throws IOException {
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        ResettingProxy proxy = new ResettingProxy(server, upstreamPort);
        proxy.pumps.execute(proxy::acceptLoop);
        return proxy;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Resets every {@code n}-th answer from now on; 0 passes every answer. */
    public void resetEvery(int n) {
        this.resetEvery = n;
    }

    /** Answers reset since the proxy started. */
    public int resets() {
        return resets.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket caller = server.accept();
                pumps.execute(() -> connect(caller));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket caller) {
        Socket peer = new Socket();
        try {
            peer.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 2000);
        } catch (IOException refused) {
            reset(caller);
            closeQuietly(peer);
            return;
        }
        AtomicBoolean requestSent = new AtomicBoolean();
        pumps.execute(() -> requests(caller, peer, requestSent));
        answers(caller, peer, requestSent);
    }

    private void requests(Socket caller, Socket peer, AtomicBoolean requestSent) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = caller.getInputStream(); OutputStream out = peer.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                requestSent.set(true);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // either side closed or reset
        } finally {
            closeQuietly(peer);
        }
    }

    private void answers(Socket caller, Socket peer, AtomicBoolean requestSent) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = peer.getInputStream(); OutputStream out = caller.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (requestSent.compareAndSet(true, false)) {
                    int every = resetEvery;
                    if (answers.incrementAndGet() % Math.max(every, 1) == 0 && every > 0) {
                        resets.incrementAndGet();
                        reset(caller);
                        return;
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // either side closed or reset
        } finally {
            closeQuietly(caller);
            closeQuietly(peer);
        }
    }

    /** Closes with SO_LINGER 0: the other side gets a TCP RST ("connection reset"), not an orderly end. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pumps.shutdownNow();
    }
}
