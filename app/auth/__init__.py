"""Facilitator accounts: register, log in, log out, change password."""
