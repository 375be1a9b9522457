//! An age plugin for the tests: `cargo test` builds it, so the plugin-identity tests run on a
//! machine with only a Rust toolchain. Not for real use.
//!
//! Its identity is an X25519 key, carried as `AGE-PLUGIN-VAULTTEST-1…` and seen by age as a
//! plugin's: every decryption runs this program, as it would a hardware key's. The file key is
//! wrapped with age's own X25519 recipient, so the cryptography is the real thing.
//!
//! `age-plugin-vaulttest` prints a new identity file, `age-plugin-vaulttest -y FILE` the
//! recipient of one, and `--age-plugin=…` runs the plugin protocol for age.

use std::collections::{HashMap, HashSet};
use std::io;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use age::{Identity, Recipient};
use age_core::format::{FileKey, Stanza};
use age_plugin::identity::{self, IdentityPluginV1};
use age_plugin::recipient::{self, RecipientPluginV1};
use age_plugin::{Callbacks, PluginHandler, run_state_machine};
use bech32::{Bech32, Hrp};

const NAME: &str = "vaulttest";
/// The stanza tag: an X25519 stanza under another name, so that only this plugin takes it.
const TAG: &str = "vaulttest";

/// 32 bytes of bech32 data with the given human-readable part.
fn decode(text: &str) -> Option<Vec<u8>> {
    bech32::decode(text).ok().map(|(_, data)| data)
}

fn encode(hrp: &str, data: &[u8]) -> String {
    bech32::encode::<Bech32>(Hrp::parse(hrp).expect("a valid prefix"), data).expect("short data")
}

/// The X25519 identity inside a plugin identity's bytes.
fn x25519_identity(secret: &[u8]) -> Option<age::x25519::Identity> {
    age::x25519::Identity::from_str(&encode("age-secret-key-", secret).to_uppercase()).ok()
}

fn x25519_recipient(public: &[u8]) -> Option<age::x25519::Recipient> {
    age::x25519::Recipient::from_str(&encode("age", public)).ok()
}

struct Handler;

impl PluginHandler for Handler {
    type RecipientV1 = Wrapper;
    type IdentityV1 = Unwrapper;

    fn recipient_v1(self) -> io::Result<Wrapper> {
        Ok(Wrapper(Vec::new()))
    }

    fn identity_v1(self) -> io::Result<Unwrapper> {
        Ok(Unwrapper(Vec::new()))
    }
}

struct Wrapper(Vec<age::x25519::Recipient>);

impl RecipientPluginV1 for Wrapper {
    fn add_recipient(
        &mut self,
        index: usize,
        plugin_name: &str,
        bytes: &[u8],
    ) -> Result<(), recipient::Error> {
        match x25519_recipient(bytes).filter(|_| plugin_name == NAME) {
            Some(recipient) => {
                self.0.push(recipient);
                Ok(())
            }
            None => Err(recipient::Error::Recipient {
                index,
                message: "not a vaulttest recipient".into(),
            }),
        }
    }

    fn add_identity(
        &mut self,
        index: usize,
        _plugin_name: &str,
        _bytes: &[u8],
    ) -> Result<(), recipient::Error> {
        Err(recipient::Error::Identity {
            index,
            message: "encrypt to the recipient instead".into(),
        })
    }

    fn labels(&mut self) -> HashSet<String> {
        HashSet::new()
    }

    fn wrap_file_keys(
        &mut self,
        file_keys: Vec<FileKey>,
        _callbacks: impl Callbacks<recipient::Error>,
    ) -> io::Result<Result<Vec<Vec<Stanza>>, Vec<recipient::Error>>> {
        let mut wrapped = Vec::with_capacity(file_keys.len());
        for file_key in &file_keys {
            let mut stanzas = Vec::new();
            for recipient in &self.0 {
                let (made, _) = recipient
                    .wrap_file_key(file_key)
                    .map_err(|err| io::Error::other(err.to_string()))?;
                stanzas.extend(made.into_iter().map(|mut stanza| {
                    stanza.tag = TAG.to_owned();
                    stanza
                }));
            }
            wrapped.push(stanzas);
        }
        Ok(Ok(wrapped))
    }
}

struct Unwrapper(Vec<age::x25519::Identity>);

impl IdentityPluginV1 for Unwrapper {
    fn add_identity(
        &mut self,
        index: usize,
        plugin_name: &str,
        bytes: &[u8],
    ) -> Result<(), identity::Error> {
        match x25519_identity(bytes).filter(|_| plugin_name == NAME) {
            Some(identity) => {
                self.0.push(identity);
                Ok(())
            }
            None => Err(identity::Error::Identity {
                index,
                message: "not a vaulttest identity".into(),
            }),
        }
    }

    fn unwrap_file_keys(
        &mut self,
        files: Vec<Vec<Stanza>>,
        _callbacks: impl Callbacks<identity::Error>,
    ) -> io::Result<HashMap<usize, Result<FileKey, Vec<identity::Error>>>> {
        let mut keys = HashMap::new();
        for (file, stanzas) in files.into_iter().enumerate() {
            let found = stanzas
                .iter()
                .filter(|stanza| stanza.tag == TAG)
                .flat_map(|stanza| {
                    let x25519 = Stanza {
                        tag: "X25519".to_owned(),
                        args: stanza.args.clone(),
                        body: stanza.body.clone(),
                    };
                    self.0
                        .iter()
                        .filter_map(move |identity| identity.unwrap_stanza(&x25519))
                        .collect::<Vec<_>>()
                })
                .find_map(Result::ok);
            if let Some(file_key) = found {
                keys.insert(file, Ok(file_key));
            }
        }
        Ok(keys)
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [machine] if machine.starts_with("--age-plugin=") => {
            run_state_machine(&machine["--age-plugin=".len()..], Handler)
        }
        [flag, file] if flag == "-y" => {
            let text = std::fs::read_to_string(file)?;
            let line = text
                .lines()
                .find(|line| line.starts_with("AGE-PLUGIN-VAULTTEST-1"))
                .ok_or_else(|| io::Error::other("no vaulttest identity in the file"))?;
            let secret = decode(line).ok_or_else(|| io::Error::other("a damaged identity"))?;
            let identity = x25519_identity(&secret).ok_or_else(|| io::Error::other("bad key"))?;
            let public = decode(&identity.to_public().to_string()).expect("age made it");
            println!("{}", encode(&format!("age1{NAME}"), &public));
            Ok(())
        }
        [] => {
            let identity = age::x25519::Identity::generate();
            let secret = decode(identity.to_string().expose_secret()).expect("age made it");
            let public = decode(&identity.to_public().to_string()).expect("age made it");
            println!("# recipient: {}", encode(&format!("age1{NAME}"), &public));
            println!(
                "{}",
                encode(&format!("age-plugin-{NAME}-"), &secret).to_uppercase()
            );
            Ok(())
        }
        _ => Err(io::Error::other(
            "usage: age-plugin-vaulttest [-y FILE | --age-plugin=STATE_MACHINE]",
        )),
    }
}
