/** Console: what operators see and do — parked and dead-lettered messages, mapping failures, replays — behind login. */
package cn.gov.sc.rst.filingbridge.console;
