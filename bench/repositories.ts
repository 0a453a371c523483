// Repository names the workloads use. Berth with ECR auth needs them created up front
// (ECR answers NAME_UNKNOWN to pushes into missing repositories); the others create on push.
export const BIG_REPO = 'bench/big';
export const MEDIUM_REPO = 'bench/medium';
export const SMALL_REPO = 'bench/small';
export const ALL_REPOSITORIES = [BIG_REPO, MEDIUM_REPO, SMALL_REPO];
