export { announceImagesChanged, watchProjectImages, type SyncMessage } from './channel';
export { holdImage } from './image-lock';
