//! The disclosure map's logic: what the shapes are coloured by and how ([`colour`]), the zoom
//! ([`zoom`]), which labels fit ([`labels`]) and where the arrow keys go ([`neighbours`]).

pub mod colour;
pub mod zoom;

pub use colour::MapMeasure;
pub use zoom::{MapZoom, Zoom};
