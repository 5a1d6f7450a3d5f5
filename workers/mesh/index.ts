// Mesh utilities for the job engine and the validation study: neighbourhoods and surface distances.
export { checkTriangles, nodeNeighbours, nodeTriangles, triangleNeighbours, type Csr } from './adjacency';
export { distanceThroughEdge, geodesicDistance, geodesicDistances, type SurfaceGeometry } from './geodesic';
export { MinHeap } from './min-heap';
