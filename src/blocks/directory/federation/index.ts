/** What the rest of Hearth (the command line, the block's index) uses of federation. */
export { addFeed, pauseFeed, removeFeed, removeFeedById, splitMatchedService, type Actor, type AddFeedProblem } from './subscriptions.js';
export { feedPullJob, pullDueFeeds, pullEach } from './scheduled-pull.js';
export { pullFeed, type PullOutcome } from './pull.js';
export { serviceSources, isFederatedService, type ServiceSource } from './sources.js';
export { findFeedById, listFeeds, type FeedRow } from '../sql/feeds.js';
