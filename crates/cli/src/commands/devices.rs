//! `hushnote devices`: the capture devices cpal sees.

use std::process::ExitCode;

use hushnote_proto::ErrorCode;

use crate::exit::fail;

pub fn run() -> ExitCode {
    match hushnote_audio::capture::list_devices() {
        Ok(list) => {
            for d in list {
                out!("{}{}\t{} Hz, {} channel(s), {}", d.name, if d.default { " (default)" } else { "" }, d.sample_rate, d.channels, d.format);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(ErrorCode::Device, e),
    }
}
