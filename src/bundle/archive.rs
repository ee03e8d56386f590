//! Safe reading of bundle archives (zip or folder). To be written.
