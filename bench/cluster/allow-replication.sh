#!/bin/sh
# compose.yaml's primary, on its first start: lets the replica stream from it (the image's pg_hba.conf opens every
# database to password logins, but not replication)
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
