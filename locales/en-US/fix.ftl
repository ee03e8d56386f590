## fix
