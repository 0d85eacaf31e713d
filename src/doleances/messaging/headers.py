"""Our own headers on outgoing mail, read back by the staff "Sent mail" page."""

# The complaint a mail is about; the outbox sets it on every mail it sends.
REFERENCE = "X-Doleances-Reference"
# What a mail is; "account" marks staff-account mail (a password-reset link), never shown in the UI.
KIND = "X-Doleances-Kind"
ACCOUNT = "account"
