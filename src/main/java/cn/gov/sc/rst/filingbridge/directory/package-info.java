/**
 * The public directory of filed assessment institutions (no login): search API and page, JSON/CSV exports, a change
 * feed for the platform to mirror, and a daily snapshot signed with SM2. Reads the register ({@code institution},
 * {@code institution_event}) that the workflow keeps; shows only the whitelisted fields of {@link PublicInstitution}.
 */
package cn.gov.sc.rst.filingbridge.directory;
