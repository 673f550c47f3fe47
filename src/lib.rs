//! uwscrape: the University of Waterloo course catalog as an immutable,
//! validated index (`index`) and an HTTP service over it (`catalog`, `http`).

pub mod index;
pub mod model;
