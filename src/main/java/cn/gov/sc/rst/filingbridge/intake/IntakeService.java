package cn.gov.sc.rst.filingbridge.intake;

import java.util.Optional;
import org.springframework.stereotype.Service;

/** The entry point of intake: both window edges (REST and SOAP) hand cases here. */
@Service
public class IntakeService {

    /**
     * Validates and stores a case. Returns the receipt only after case, first event and outbox entry are committed.
     * The same SBLSH with the same content returns the stored receipt.
     */
    public Receipt submit(FilingCase filingCase, Submission submission)
            throws CaseRejectedException, CaseConflictException {
        throw new UnsupportedOperationException("in progress");
    }

    /** The case's state and history, if the SBLSH is known. */
    public Optional<CaseView> find(String sblsh) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Records a request refused before it became a case (contract, encoding, size, authentication). */
    public void recordRefusal(Refusal refusal) {
        throw new UnsupportedOperationException("in progress");
    }
}
