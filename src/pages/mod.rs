//! Screens: the home screen (choose a city) and the place screen (children, map, filters, domain tree,
//! or one item).

pub mod catalog;
pub mod home;
pub mod place;
