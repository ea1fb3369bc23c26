//! `uln-console operator …`: adding, listing, revoking and re-roling the operators of a database.

use crate::cli::{self, OperatorCommand, RoleArg};
use uln_server::operators::Revocation;
use uln_server::store::{OperatorAccount, Role};
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
    | OperatorCommand::SetRole { database, .. }) = &command;
    let backend = Backend::open(ServerConfig::new(cli::database_url(database))).await?;
    match command {
        OperatorCommand::Add { name, role, .. } => {
            let (_, token) = backend.add_operator(name.trim(), role.into()).await?;
            println!("{token}");
        }
        OperatorCommand::List { .. } => print!("{}", listing(&backend.operators().await?)),
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

/// Who ran an administrative command, for the audit trail: the command line has no token, so the
/// account it runs under names the administrator.
fn administrator() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("command line ({user})")
}
