"""Everything the skill says: SSML building and checking, clock words, the phrase catalog."""
