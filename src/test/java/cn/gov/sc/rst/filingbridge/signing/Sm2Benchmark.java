package cn.gov.sc.rst.filingbridge.signing;

import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SM2 signs and verifies per second over 2 KB payloads with the gateway's test key (certs-example/, so run from the
 * repository root). {@code sign} and {@code verify} are the production paths ({@link MessageSigner} with its pooled
 * signers, {@link MessageVerifier} with its remembered certificate path); the others are baselines that show what
 * the production paths avoid. Command and results: docs/benchmarks-signing.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sm2Benchmark {

    @Param("2048")
    int payloadBytes;

    byte[] payload;
    MessageSigner signer;
    MessageVerifier verifier;
    DetachedSignature signature;
    TrustMaterial trust;
    PrivateKey jcaPrivateKey;
    PublicKey jcaPublicKey;

    @Setup
    public void setUp() throws Exception {
        payload = new byte[payloadBytes];
        new Random(35276).nextBytes(payload);
        SigningCredential credential = TestMaterial.credential("gateway");
        signer = new MessageSigner(credential);
        trust = TestMaterial.trustWithEverySigner();
        verifier = new MessageVerifier(trust, TestMaterial.clockInsideValidity());
        signature = signer.sign(payload);
        verifier.verify(payload, signature);
        KeyStore store = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
        try (var in = Files.newInputStream(TestMaterial.file("gateway.p12"))) {
            store.load(in, TestMaterial.PASSWORD);
        }
        jcaPrivateKey = (PrivateKey) store.getKey("gateway", TestMaterial.PASSWORD);
        jcaPublicKey = credential.certificate().getPublicKey();
    }

    /** A JCA {@code Signature} per benchmark thread, initialised once and reused (baseline). */
    @State(Scope.Thread)
    public static class ThreadSignature {
        Signature signature;

        @Setup
        public void setUp(Sm2Benchmark benchmark) throws Exception {
            signature = jcaSigner(benchmark.jcaPrivateKey);
        }
    }

    /** Production path: pooled lightweight SM2 signers on the custom sm2p256v1 curve, DER, plus the header value. */
    @Benchmark
    public DetachedSignature sign() throws Exception {
        return signer.sign(payload);
    }

    /** Production path: known signer, remembered PKIX path, validity checked against the clock, SM2 verify. */
    @Benchmark
    public VerifiedSignature verify() throws Exception {
        return verifier.verify(payload, signature);
    }

    /** Baseline: Bouncy Castle JCA Signature initialised once per thread and reused. */
    @Benchmark
    public byte[] signJcaReusedPerThread(ThreadSignature state) throws Exception {
        state.signature.update(payload);
        return state.signature.sign();
    }

    /** Baseline: Bouncy Castle JCA Signature created and initialised for every record. */
    @Benchmark
    public byte[] signJcaInitPerRecord() throws Exception {
        Signature jca = jcaSigner(jcaPrivateKey);
        jca.update(payload);
        return jca.sign();
    }

    /** Baseline: Bouncy Castle JCA Signature created and initialised for every verification. */
    @Benchmark
    public boolean verifyJcaInitPerRecord() throws Exception {
        Signature jca = Signature.getInstance("SM3withSM2", BouncyCastle.PROVIDER);
        jca.setParameter(new SM2ParameterSpec(Sm2.userId()));
        jca.initVerify(jcaPublicKey);
        jca.update(payload);
        return jca.verify(signature.value());
    }

    /** Baseline: a verifier that builds the PKIX path for every message (no remembered path). */
    @Benchmark
    public VerifiedSignature verifyBuildingPathEveryTime() throws Exception {
        return new MessageVerifier(trust, TestMaterial.clockInsideValidity()).verify(payload, signature);
    }

    private static Signature jcaSigner(PrivateKey key) throws Exception {
        Signature jca = Signature.getInstance("SM3withSM2", BouncyCastle.PROVIDER);
        jca.setParameter(new SM2ParameterSpec(Sm2.userId()));
        jca.initSign(key);
        return jca;
    }
}
