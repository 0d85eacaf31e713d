"""Staff sign-in: password with lockout, second factor, password reset, session limits."""
