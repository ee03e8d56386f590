## detect
