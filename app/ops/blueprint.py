"""URL rules for operators: health for load balancers and systemd, metrics for Prometheus."""
from flask import Blueprint

from app.ops import controllers

bp = Blueprint("ops", __name__)

bp.add_url_rule("/healthz", "healthz", controllers.healthz)
bp.add_url_rule("/metrics", "metrics", controllers.metrics)
