package cn.gov.sc.rst.filingbridge.wiring;

/** Active profiles that must not be combined (prod with demo or test); the gateway does not start. */
class ProfileConflictException extends IllegalStateException {

    ProfileConflictException(String message) {
        super(message);
    }
}
