#!/bin/sh
# CTest for examples/native/embedded_server.cpp: a home with one campaign and an access key, made
# by the CLI as a user would, then the example against it.
# usage: embedded_server_test.sh EDGEREC_CLI EMBEDDED_SERVER WORK_DIR
set -eu
cli=$1 example=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir/home"
"$cli" synth --users 100 --items 50 --interactions 3000 --seed 3 --output "$dir/i.csv" >/dev/null
"$cli" create-dataset-group "$dir/home/shop" >/dev/null
"$cli" import "$dir/home/shop" --dataset interactions --csv "$dir/i.csv" >/dev/null
"$cli" train "$dir/home/shop" --recipe popularity-count --quiet >/dev/null
"$cli" create-campaign "$dir/home/shop" --name shop-top --solution-version latest >/dev/null
key=$("$cli" create-access-key --home "$dir/home" --description "embedded example")
AWS_ACCESS_KEY_ID=$(printf '%s' "$key" | sed -n 's/.*"accessKeyId":"\([^"]*\)".*/\1/p')
AWS_SECRET_ACCESS_KEY=$(printf '%s' "$key" | sed -n 's/.*"secretAccessKey":"\([^"]*\)".*/\1/p')
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
exec "$example" "$dir/home" shop-top u1
