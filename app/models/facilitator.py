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

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)

    @property
    def display_name(self) -> str:
        return self.name or self.email
