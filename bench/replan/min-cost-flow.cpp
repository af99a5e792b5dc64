// Exact minimum-cost maximum flow for the re-plan bench's yardstick (LEMON 1.3, Debian's liblemon-dev).
//
// Input (stdin, text): a line "nodes arcs source sink", then one line per arc "from to capacity cost" (integers;
// the bench writes costs in micro-fen). Arguments: optional flow values to also price ("at the engine's fill").
// Output (stdout, one JSON line): the maximum flow, its minimum cost, and the minimum cost of each flow value asked.
// Preflow gives the maximum flow F; NetworkSimplex then finds the cheapest flow of exactly F units from source to
// sink, which is the minimum cost at maximum fill.
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace lemon;
typedef long long Int;

int main(int argc, char** argv) {
  long long nodes, arcs, source, sink;
  if (std::scanf("%lld %lld %lld %lld", &nodes, &arcs, &source, &sink) != 4) return 2;
  SmartDigraph graph;
  graph.reserveNode(nodes);
  graph.reserveArc(arcs);
  std::vector<SmartDigraph::Node> node(nodes);
  for (long long i = 0; i < nodes; i++) node[i] = graph.addNode();
  SmartDigraph::ArcMap<Int> capacity(graph), cost(graph);
  for (long long i = 0; i < arcs; i++) {
    long long from, to, cap, c;
    if (std::scanf("%lld %lld %lld %lld", &from, &to, &cap, &c) != 4) return 3;
    SmartDigraph::Arc arc = graph.addArc(node[from], node[to]);
    capacity[arc] = cap;
    cost[arc] = c;
  }
  Preflow<SmartDigraph, SmartDigraph::ArcMap<Int> > preflow(graph, capacity, node[source], node[sink]);
  preflow.runMinCut();
  Int maxFlow = preflow.flowValue();

  std::vector<Int> values;
  values.push_back(maxFlow);
  for (int i = 1; i < argc; i++) values.push_back(std::atoll(argv[i]));
  std::printf("{\"maxFlow\":%lld,\"costs\":[", maxFlow);
  for (size_t v = 0; v < values.size(); v++) {
    NetworkSimplex<SmartDigraph, Int, Int> simplex(graph);
    simplex.upperMap(capacity).costMap(cost).stSupply(node[source], node[sink], values[v]);
    NetworkSimplex<SmartDigraph, Int, Int>::ProblemType status = simplex.run();
    if (v > 0) std::printf(",");
    if (status == NetworkSimplex<SmartDigraph, Int, Int>::OPTIMAL) {
      std::printf("{\"flow\":%lld,\"cost\":%lld}", values[v], simplex.totalCost<Int>());
    } else {
      std::printf("{\"flow\":%lld,\"cost\":null}", values[v]);
    }
  }
  std::printf("]}\n");
  return 0;
}
