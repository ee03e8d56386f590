## rules-align
