//! gongkai-bundle: the build step.
pub mod diagnostic;
pub mod read;
pub mod register;
pub mod source;
pub mod write;
