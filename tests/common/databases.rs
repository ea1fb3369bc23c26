//! The database under a test server: a temporary SQLite file, or, with `ULN_TEST_POSTGRES_URL`
//! set, a new database of the server's own in that PostgreSQL cluster.

use sqlx::postgres::PgConnectOptions;
use sqlx::ConnectOptions;
use std::str::FromStr;
use tempfile::TempDir;

/// The variable that names a PostgreSQL cluster the tests may create databases in.
pub const POSTGRES_VARIABLE: &str = "ULN_TEST_POSTGRES_URL";

pub struct TestDatabase {
    /// What `serve --database` takes.
    pub url: String,
    _dir: Option<TempDir>,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        match std::env::var(POSTGRES_VARIABLE) {
            Ok(cluster) => Self::postgres(&cluster).await,
            Err(_) => {
                let dir = tempfile::tempdir().expect("temp dir");
                TestDatabase {
                    url: format!("sqlite://{}", dir.path().join("test.db").display()),
                    _dir: Some(dir),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }

    async fn postgres(cluster: &str) -> TestDatabase {
        let name = format!("api_{}", fastrand::u64(..));
        let admin = PgConnectOptions::from_str(cluster).expect("ULN_TEST_POSTGRES_URL parses");
        let mut conn = admin.connect().await.expect("the cluster answers");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("a database of the test's own");
        TestDatabase {
            url: with_database(cluster, &name),
            _dir: None,
        }
    }

    /// A pool of its own on the database, for fixtures (see `TestServer::pool`).
    pub async fn fixtures(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.url)
            .await
            .expect("the test database opens")
    }
}

/// `url` with its database name replaced by `name`, its query (such as `?host=`) kept.
fn with_database(url: &str, name: &str) -> String {
    let (address, query) = url.split_once('?').unwrap_or((url, ""));
    let (server, _) = address.rsplit_once('/').expect("a URL with a database");
    match query {
        "" => format!("{server}/{name}"),
        query => format!("{server}/{name}?{query}"),
    }
}
