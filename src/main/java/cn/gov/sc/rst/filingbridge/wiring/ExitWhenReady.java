package cn.gov.sc.rst.filingbridge.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code bridge.exit-when-ready=true}: the CDS training run (README, "Running in production"). The gateway starts
 * completely, routes, web server, JMS consumers and all, and then stops the way a SIGTERM stops it: the context closes
 * (the embedded PostgreSQL and broker stop with it) and the JVM exits with Spring's exit code, 0 when the close went
 * well. {@code -XX:ArchiveClassesAtExit} then archives every class the start loaded. Spring's own
 * {@code -Dspring.context.exit=onRefresh} halts before the lifecycle starts, so the classes of the routes, Tomcat,
 * the consumers and the SOAP window (about 1,900) were loaded from the jars on every start; with this run they come
 * from the archive too (docs/benchmarks.md).
 */
@Component
@ConditionalOnProperty(name = "bridge.exit-when-ready", havingValue = "true")
class ExitWhenReady implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ExitWhenReady.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        log.info("bridge.exit-when-ready=true: ready; closing the context and exiting (a CDS training run)");
        // not on the thread that publishes the event: closing the context from inside its own start would run the
        // close while SpringApplication.run is still on the stack
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context)), "exit-when-ready");
        exit.setDaemon(false);
        exit.start();
    }
}
