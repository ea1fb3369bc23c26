//! `uln-console operator …`: adding, listing, revoking and re-roling the operators of a database.

use crate::cli::{self, OperatorCommand, RoleArg};
use uln_server::operators::Revocation;
use uln_server::store::{NewOperatorKey, OperatorAccount, OperatorKey, Role};
use uln_server::{Backend, ServerConfig};
use uln_tui::view::london_time;

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Operator => Role::Operator,
            RoleArg::Supervisor => Role::Supervisor,
        }
    }
}

pub async fn run(command: OperatorCommand) -> anyhow::Result<()> {
    let (OperatorCommand::Add { database, .. }
    | OperatorCommand::List { database }
    | OperatorCommand::Revoke { database, .. }
    | OperatorCommand::SetRole { database, .. }
    | OperatorCommand::AddKey { database, .. }
    | OperatorCommand::RemoveKey { database, .. }) = &command;
    let backend = Backend::open(ServerConfig::new(cli::database_url(database))).await?;
    match command {
        OperatorCommand::Add {
            name,
            role,
            ssh_keys,
            ..
        } => {
            // Every key is read before the operator is made, so a bad line leaves nothing behind.
            let keys = ssh_keys
                .iter()
                .map(|line| parse_key(line))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let (_, token) = backend.add_operator(name.trim(), role.into()).await?;
            for key in &keys {
                backend
                    .add_operator_key(name.trim(), key, &administrator())
                    .await?;
            }
            println!("{token}");
        }
        OperatorCommand::AddKey { name, key, .. } => {
            let key = parse_key(&key)?;
            backend
                .add_operator_key(name.trim(), &key, &administrator())
                .await?;
            println!(
                "{} may now open the console over SSH with {}",
                name.trim(),
                key.fingerprint
            );
        }
        OperatorCommand::RemoveKey {
            name, fingerprint, ..
        } => {
            backend
                .remove_operator_key(name.trim(), fingerprint.trim(), &administrator())
                .await?;
            println!(
                "removed {} from {}: its sessions end within seconds",
                fingerprint.trim(),
                name.trim()
            );
        }
        OperatorCommand::List { .. } => {
            print!("{}", listing(&backend.operators().await?));
            print!("{}", key_listing(&backend.operator_keys().await?));
        }
        OperatorCommand::Revoke { name, .. } => match backend
            .revoke_operator(name.trim(), &administrator())
            .await?
        {
            Revocation::Revoked(account) => println!(
                "revoked {}: servers refuse their token within seconds",
                account.operator.name
            ),
            Revocation::AlreadyRevoked(account) => println!(
                "{} was already revoked at {}",
                account.operator.name,
                account.revoked_at.map(london_time).unwrap_or_default()
            ),
        },
        OperatorCommand::SetRole { name, role, .. } => {
            let account = backend
                .set_operator_role(name.trim(), role.into(), &administrator())
                .await?;
            println!(
                "{} is now {}, from their next request",
                account.operator.name,
                account.operator.role.name()
            );
        }
    }
    Ok(())
}

/// One line per operator under a header, in columns two spaces apart; times in Europe/London;
/// `-` for never revoked.
fn listing(accounts: &[OperatorAccount]) -> String {
    let width = accounts
        .iter()
        .map(|a| a.operator.name.chars().count())
        .chain(["NAME".len()])
        .max()
        .unwrap_or_default();
    let mut out = format!(
        "{:<width$}  {:<10}  {:<20}  REVOKED\n",
        "NAME", "ROLE", "CREATED"
    );
    for a in accounts {
        out.push_str(&format!(
            "{:<width$}  {:<10}  {:<20}  {}\n",
            a.operator.name,
            a.operator.role.name(),
            london_time(a.created_at),
            a.revoked_at.map_or("-".to_owned(), london_time),
        ));
    }
    out
}

/// A key line checked with the SSH server's own parser, as the store keeps it.
fn parse_key(line: &str) -> anyhow::Result<NewOperatorKey> {
    let key = uln_ssh::OperatorPublicKey::parse(line)?;
    Ok(NewOperatorKey {
        fingerprint: key.fingerprint,
        public_key: key.public_key,
        comment: key.comment,
    })
}

/// Operators' SSH keys under a header, after the operators; nothing when no one has a key.
fn key_listing(keys: &[OperatorKey]) -> String {
    if keys.is_empty() {
        return String::new();
    }
    let width = keys
        .iter()
        .map(|k| k.operator.chars().count())
        .chain(["NAME".len()])
        .max()
        .unwrap_or_default();
    let mut out = format!(
        "\n{:<width$}  {:<50}  {:<20}  COMMENT\n",
        "NAME", "SSH KEY", "ADDED"
    );
    for k in keys {
        out.push_str(&format!(
            "{:<width$}  {:<50}  {:<20}  {}\n",
            k.operator,
            k.fingerprint,
            london_time(k.added_at),
            k.comment
        ));
    }
    out
}

/// Who ran an administrative command, for the audit trail: the command line has no token, so the
/// account it runs under names the administrator.
fn administrator() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("command line ({user})")
}
