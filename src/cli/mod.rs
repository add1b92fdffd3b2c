//! The command line's own work beside building: the skeletons of `yishi new` and
//! `yishi init` ([`scaffold`]).

pub mod scaffold;
