## rules-text
