import { Duration } from 'aws-cdk-lib';

/** Default thresholds of the expiry constructs, in one place. */
export const DEFAULT_WARNING = Duration.days(30);
export const DEFAULT_CRITICAL = Duration.days(7);
/** A CA must be renewed well before the certificates it issues would outlive it. */
export const DEFAULT_CA_WARNING = Duration.days(180);
export const DEFAULT_CA_CRITICAL = Duration.days(60);
/** The Config rule's `daysToExpiration`: the certificates' warning. */
export const DEFAULT_CONFIG_RULE_THRESHOLD = DEFAULT_WARNING;
/** How long a PkiEventBus archive keeps each event: a quarter, to answer "what expired where" after the fact. */
export const DEFAULT_ARCHIVE_RETENTION = Duration.days(90);
