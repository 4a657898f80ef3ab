/**
 * Result notices (办理结果告知书, 附件3 of the notice): the exact text of 样式（一） or 样式（二） with its blanks filled, an A4
 * PDF of it with an embedded CJK font, both signed with SM2 and kept per case; {@link
 * cn.gov.sc.rst.filingbridge.notice.ResultNotices} is the entry point.
 */
package cn.gov.sc.rst.filingbridge.notice;
