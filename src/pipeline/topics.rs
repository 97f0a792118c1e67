//! The three topics exist before the worker starts: checked, and created
//! when `topics.create` is on.
//!
//! A missing topic is a deployment error best reported at start: the
//! consumer would otherwise wait silently on a topic that never comes, and
//! the producer would fail its first record after `message.timeout.ms`.
//!
//! The topics' `max.message.bytes` are read too: the producer must refuse a
//! record the output topic would refuse (see `config::kafka::cap_message_bytes`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, ResourceSpecifier, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::types::RDKafkaErrorCode;
use tracing::{info, warn};

use super::PipelineError;
use crate::config::{kafka, Settings};

/// How long to wait for the cluster's metadata.
const METADATA_TIMEOUT: Duration = Duration::from_secs(10);
/// How long newly created topics may take to appear in metadata.
const CREATE_TIMEOUT: Duration = Duration::from_secs(30);

/// Checks that the input, output and dead-letter topics exist, creating the
/// missing ones when `topics.create` is on.
pub async fn ensure(settings: &Settings) -> Result<(), PipelineError> {
    let admin: AdminClient<DefaultClientContext> = kafka::admin_config(settings)
        .create()
        .map_err(|e| PipelineError::Setup(kafka::describe_client_error(&e)))?;
    let admin = Arc::new(admin);
    let t = &settings.topics;
    let wanted = [t.input.clone(), t.output.clone(), t.dead_letter.clone()];
    let missing = missing_topics(&admin, &wanted).await?;
    if missing.is_empty() {
        return Ok(());
    }
    if !t.create {
        return Err(PipelineError::Topics(format!(
            "topic(s) {} do not exist on {}; create them, or set topics.create = true \
             (NEWSWIRE_TOPICS_CREATE=true) to let the worker create them",
            missing.join(", "),
            settings.kafka.bootstrap_servers()
        )));
    }
    let new: Vec<NewTopic<'_>> = missing
        .iter()
        .map(|name| {
            NewTopic::new(
                name,
                t.partitions,
                TopicReplication::Fixed(t.replication_factor),
            )
        })
        .collect();
    let options = AdminOptions::new().operation_timeout(Some(CREATE_TIMEOUT));
    let results = admin
        .create_topics(&new, &options)
        .await
        .map_err(|e| PipelineError::Topics(format!("cannot create topics: {e}")))?;
    for result in results {
        match result {
            Ok(name) => info!(
                topic = %name,
                partitions = t.partitions,
                replication_factor = t.replication_factor,
                "created topic {name}"
            ),
            // Another instance created it first.
            Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((name, code)) => {
                return Err(PipelineError::Topics(format!(
                    "cannot create topic {name}: {code}"
                )))
            }
        }
    }
    let deadline = Instant::now() + CREATE_TIMEOUT;
    loop {
        let still = missing_topics(&admin, &wanted).await?;
        if still.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(PipelineError::Topics(format!(
                "created topic(s) {} did not appear in the cluster's metadata within {CREATE_TIMEOUT:?}",
                still.join(", ")
            )));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The topics of `wanted` that the cluster does not have (with partitions).
async fn missing_topics(
    admin: &Arc<AdminClient<DefaultClientContext>>,
    wanted: &[String],
) -> Result<Vec<String>, PipelineError> {
    let admin = Arc::clone(admin);
    let wanted = wanted.to_vec();
    // fetch_metadata blocks the calling thread.
    tokio::task::spawn_blocking(move || {
        let metadata = admin
            .inner()
            .fetch_metadata(None, METADATA_TIMEOUT)
            .map_err(|e| {
                PipelineError::Topics(format!("cannot read the cluster's metadata: {e}"))
            })?;
        Ok(wanted
            .into_iter()
            .filter(|w| {
                !metadata
                    .topics()
                    .iter()
                    .any(|t| t.name() == w && t.error().is_none() && !t.partitions().is_empty())
            })
            .collect())
    })
    .await
    .map_err(|e| PipelineError::Setup(format!("metadata task failed: {e}")))?
}

/// The largest record batch `topic` accepts (its `max.message.bytes`, the
/// broker's default unless the topic overrides it), or `None`, with a
/// warning, when the cluster does not say (no `DescribeConfigs` permission,
/// an old broker): the producer then keeps its own limit.
pub async fn max_message_bytes(settings: &Settings, topic: &str) -> Option<usize> {
    let described = async {
        let admin: AdminClient<DefaultClientContext> = kafka::admin_config(settings)
            .create()
            .map_err(|e| kafka::describe_client_error(&e))?;
        let options = AdminOptions::new().request_timeout(Some(METADATA_TIMEOUT));
        let results = admin
            .describe_configs(&[ResourceSpecifier::Topic(topic)], &options)
            .await
            .map_err(|e| e.to_string())?;
        let resource = results
            .into_iter()
            .next()
            .ok_or_else(|| "no answer".to_owned())?
            .map_err(|code| code.to_string())?;
        let entry = resource
            .get("max.message.bytes")
            .and_then(|e| e.value.as_deref())
            .ok_or_else(|| "max.message.bytes is not listed".to_owned())?;
        entry
            .trim()
            .parse::<usize>()
            .map_err(|e| format!("max.message.bytes = {entry:?}: {e}"))
    };
    match described.await {
        Ok(bytes) => Some(bytes),
        Err(why) => {
            warn!(
                topic,
                "cannot read the topic's max.message.bytes ({why}); records it refuses \
                 are failures, not dead letters"
            );
            None
        }
    }
}
