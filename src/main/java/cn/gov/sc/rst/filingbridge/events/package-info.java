/**
 * What happens to a case, as plain records that one part of the gateway publishes and others react to (Spring
 * application events, delivered synchronously in the publisher's transaction, so a reaction commits or rolls back with
 * its cause). No Camel types, no behaviour.
 *
 * <ul>
 *   <li>intake publishes {@link cn.gov.sc.rst.filingbridge.events.CaseReceived} for every newly stored case;</li>
 *   <li>forwarding publishes {@link cn.gov.sc.rst.filingbridge.events.DeliveredToSkills} when the skills system took a record,
 *       and {@link cn.gov.sc.rst.filingbridge.events.SupplementNoticeSent} when the platform confirmed the one-time SMS;</li>
 *   <li>the workflow publishes {@link cn.gov.sc.rst.filingbridge.events.SupplementRequested} and
 *       {@link cn.gov.sc.rst.filingbridge.events.CaseCompleted}, which the platform feedback turns into messages.</li>
 * </ul>
 */
package cn.gov.sc.rst.filingbridge.events;
