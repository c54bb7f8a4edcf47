using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Training;

/// <summary>
/// A partition's training copy of its members' observations for one run: a CSR block (rows = members,
/// columns = the other side's indexes) of confidence weights c - 1. Derived from the member grains,
/// which stay the owners; rebuilt by gathering again if the worker is lost. For the artist side it also holds
/// the plan of its out-block: the user rows its observations use, and then <see cref="Excess"/> is the out-block's
/// renumbered copy (<see cref="OutBlock.Local"/>; <see cref="OutBlock.Global"/> gives the columns back).
/// </summary>
internal sealed record BlockData(string RunId, string Side, int FirstRow, CsrMatrix Excess, TimeSpan GatherTime, int Calls, int CrossSiloCalls, OutBlock? Out = null);
