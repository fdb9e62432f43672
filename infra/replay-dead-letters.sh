#!/usr/bin/env bash
# Replay the mail dead-letter queue (CLI timestamps are turned back into the epoch seconds Lambda sends):
# each message is either a stream batch the worker gave up on
# (DDBStreamBatchInfo: re-read those records from the table stream and invoke the worker with them)
# or a bounce notification the recorder could not store (requestPayload: invoke the recorder again).
# A message is deleted only when its replay succeeded. Needs the AWS CLI v2 and jq.
#
#   infra/replay-dead-letters.sh [stack name]        (default FlexfleetPunchout)
#
# Stream records stay readable for 24 hours: older stream batches cannot be replayed (the script
# says so and keeps the message); see the README, "Replay the dead-letter queue".
set -euo pipefail
STACK="${1:-FlexfleetPunchout}"
output() {
  aws cloudformation describe-stacks --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
DLQ="$(output DeadLetterQueueUrl)"
WORKER="$(output WorkerFunctionName)"
RECORDER="$(output BounceRecorderFunctionName)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
replayed=0
kept=0

invoke() { # function, payload file → succeeds when the function neither errs nor reports failed items
  aws lambda invoke --function-name "$1" --payload "fileb://$2" "$WORK/out.json" >"$WORK/invoke.json"
  if jq -e '.FunctionError' "$WORK/invoke.json" >/dev/null; then
    echo "  $1 failed: $(cat "$WORK/out.json")"
    return 1
  fi
  if jq -e '(.batchItemFailures // []) | length > 0' "$WORK/out.json" >/dev/null 2>&1; then
    echo "  $1 reported failed items: $(cat "$WORK/out.json")"
    return 1
  fi
}

while :; do
  aws sqs receive-message --queue-url "$DLQ" --max-number-of-messages 1 --visibility-timeout 600 \
    --wait-time-seconds 1 >"$WORK/msg.json"
  [ "$(jq '.Messages | length' "$WORK/msg.json" 2>/dev/null || echo 0)" -gt 0 ] || break
  jq -r '.Messages[0].Body' "$WORK/msg.json" >"$WORK/body.json"
  handle="$(jq -r '.Messages[0].ReceiptHandle' "$WORK/msg.json")"
  ok=1
  if jq -e '.DDBStreamBatchInfo' "$WORK/body.json" >/dev/null; then
    info="$(jq '.DDBStreamBatchInfo' "$WORK/body.json")"
    arn="$(jq -r .streamArn <<<"$info")"
    echo "stream batch: $(jq -r '.shardId + " " + .startSequenceNumber + ".." + .endSequenceNumber' <<<"$info")"
    if iterator="$(aws dynamodbstreams get-shard-iterator --stream-arn "$arn" \
        --shard-id "$(jq -r .shardId <<<"$info")" --shard-iterator-type AT_SEQUENCE_NUMBER \
        --sequence-number "$(jq -r .startSequenceNumber <<<"$info")" --query ShardIterator --output text 2>"$WORK/err")"; then
      aws dynamodbstreams get-records --shard-iterator "$iterator" --limit "$(jq -r .batchSize <<<"$info")" >"$WORK/records.json"
      jq --arg arn "$arn" --arg last "$(jq -r .endSequenceNumber <<<"$info")" \
        '{Records: [.Records[] | (.dynamodb.SequenceNumber) as $s | select(($s | length) < ($last | length) or (($s | length) == ($last | length) and $s <= $last)) | .dynamodb.ApproximateCreationDateTime |= (if type == "string" then (sub("\\.[0-9]+"; "") | sub("\\+00:00$"; "Z") | fromdateiso8601) else . end) | . + {eventSourceARN: $arn}]}' \
        "$WORK/records.json" >"$WORK/event.json"
      echo "  $(jq '.Records | length' "$WORK/event.json") record(s) → $WORKER"
      invoke "$WORKER" "$WORK/event.json" || ok=0
    else
      echo "  the records are no longer in the stream (older than 24 hours?): $(cat "$WORK/err")"
      ok=0
    fi
  elif jq -e '.requestPayload' "$WORK/body.json" >/dev/null; then
    echo "bounce notification → $RECORDER"
    jq '.requestPayload' "$WORK/body.json" >"$WORK/event.json"
    invoke "$RECORDER" "$WORK/event.json" || ok=0
  else
    echo "unknown message kept: $(head -c 300 "$WORK/body.json")"
    ok=0
  fi
  if [ "$ok" = 1 ]; then
    aws sqs delete-message --queue-url "$DLQ" --receipt-handle "$handle"
    replayed=$((replayed + 1))
  else
    # Leave it invisible for the rest of the visibility timeout so the loop moves on to the next one.
    kept=$((kept + 1))
  fi
done
echo "replayed $replayed, kept $kept (kept messages reappear in the queue after 10 minutes)"
