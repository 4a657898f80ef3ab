package cn.gov.sc.rst.filingbridge.workflow;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The deadline sweep runs on Spring's scheduler ({@link DeadlineSweep}, switched by bridge.workflow.sweep.enabled). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WorkflowConfig {
}
