# translation memory messages
