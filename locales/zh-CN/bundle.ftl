# bundle messages
