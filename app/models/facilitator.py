"""Facilitator accounts (email + password)."""
from flask_login import UserMixin

from app.auth.passwords import hash_password, verify_password
from app.extensions import db
from app.models.base import utcnow


class Facilitator(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), unique=True, nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False, default="")
    password_hash = db.Column(db.String(256), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # Part of every session's id (get_id): bumping it ends every session and remember-me
    # cookie of this account, so a copied cookie dies at logout and at a password change.
    session_generation = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    def end_sessions(self) -> None:
        """Every session of this account stops working (the caller commits)."""
        self.session_generation = (self.session_generation or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)

    @property
    def display_name(self) -> str:
        return self.name or self.email
