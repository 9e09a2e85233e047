"""The user's settings file (`config.toml` in the config folder); every key is optional.

```toml
author = "Dana"                 # default author of captured notes
team_domains = ["example.com"]  # mail from these domains is the team's, not a customer's
model = "en_core_web_sm"        # a trained spaCy pipeline to use instead of the blank one
themes = "~/voc/themes.toml"    # the theme taxonomy to use
sentiment_model = false         # sentiment from the rules alone, without voc_polarity
```
"""

import getpass
import tomllib
from pathlib import Path
from typing import Any

from voc.errors import VocError
from voc.paths import config_dir


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> dict[str, Any]:
    path = path or config_path()
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as e:
        raise VocError(f"{path}: invalid TOML: {e}") from None


def sentiment_model(config: dict[str, Any]) -> bool:
    """The key `sentiment_model`: whether tagging adds voc_polarity, the classifier that
    decides where the sentiment rules are unsure. On unless set to false."""
    value = config.get("sentiment_model", True)
    if not isinstance(value, bool):
        raise VocError(f"{config_path()}: sentiment_model must be true or false")
    return value


def default_author(config: dict[str, Any]) -> str:
    author = config.get("author")
    if isinstance(author, str) and author.strip():
        return author.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
