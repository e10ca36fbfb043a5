"""The pact domain: pure rules and records, no Alexa and no boto3 here."""
