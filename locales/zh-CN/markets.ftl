# markets messages
