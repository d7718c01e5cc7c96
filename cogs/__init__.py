"""One extension per feature; every module here is loaded by the bot (names starting with _ are skipped)."""
