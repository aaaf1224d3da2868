"""Does the Redis in use keep the library safe? Checked once when the server starts."""
from __future__ import annotations

import redis


def durability_warnings(client: redis.Redis) -> list[str]:
    """Plain sentences, one per risk; [] when Redis persists to disk and never evicts."""
    try:
        config = {}
        for name in ("appendonly", "save", "maxmemory", "maxmemory-policy"):
            config.update(client.config_get(name))
    except redis.ResponseError as exc:  # managed Redis often renames or disables CONFIG
        return [f"could not check whether Redis saves to disk and never evicts keys "
                f"(CONFIG GET refused: {str(exc)[:120]}); make sure it does, or the quiz "
                "library and host accounts can be lost"]
    warnings = []
    if config.get("appendonly") != "yes" and not config.get("save", "").strip():
        warnings.append("Redis does not save to disk (appendonly no, save \"\"): a restart of "
                        "Redis loses the quiz library and host accounts. Turn on "
                        "`appendonly yes` (or RDB snapshots with `save`) in its configuration")
    policy = config.get("maxmemory-policy", "noeviction")
    if str(config.get("maxmemory", "0")) != "0" and policy != "noeviction":
        warnings.append(f"Redis evicts keys when it is full (maxmemory-policy {policy}): "
                        "library quizzes could silently disappear. Set "
                        "`maxmemory-policy noeviction` (or no maxmemory)")
    return warnings
