/** Workflow: the statutory clocks in working days (工作日), and the case's procedure under the notice (三、附件2). */
package cn.gov.sc.rst.filingbridge.workflow;
