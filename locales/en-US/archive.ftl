# archive messages
