<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AlarmBanner</name>
    <message>
      <location filename="../../ui/widgets/alarm_banner.py" line="97" />
      <source>⚠ %1 — acknowledge in the incident panel</source>
      <translation>⚠ %1 — 请在事件面板中确认</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/alarm_banner.py" line="99" />
      <source>⚠ %1 — a check is overdue</source>
      <translation>⚠ %1 — 有检查项已超时</translation>
    </message>
  </context>
  <context>
    <name>AnchorScreen</name>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="155" />
      <source>Anchor's screen</source>
      <translation>主播屏</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="156" />
      <source>On sale</source>
      <translation>正在卖</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="157" />
      <source>Questions from viewers</source>
      <translation>观众提问</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="187" />
      <source>Next cue in {due}: {what}</source>
      <translation>{due} 后提示：{what}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="188" />
      <source>No more cues in this module</source>
      <translation>本段没有更多提示</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="190" />
      <source>The show has ended</source>
      <translation>直播已结束</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="192" />
      <source>Waiting for the show to start</source>
      <translation>等待开播</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="199" />
      <source>Next: {title}</source>
      <translation>下一段：{title}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="200" />
      <source>Last module</source>
      <translation>最后一段</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="212" />
      <source>{live} tonight (list {price})</source>
      <translation>今晚 {live}（原价 {price}）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="217" />
      <source>Stock: {count}</source>
      <translation>库存：{count}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="218" />
      <source>Stock: unknown</source>
      <translation>库存：未知</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchor_screen.py" line="222" />
      <source>No questions yet</source>
      <translation>暂无提问</translation>
    </message>
  </context>
  <context>
    <name>AnchorsWindow</name>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="60" />
      <location filename="../../ui/windows/anchors_window.py" line="195" />
      <source>Live shows</source>
      <translation>直播场次</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="60" />
      <source>Hours on air</source>
      <translation>直播时长</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="60" />
      <source>GMV</source>
      <translation>成交额</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="60" />
      <location filename="../../ui/windows/anchors_window.py" line="196" />
      <source>GMV per hour</source>
      <translation>每小时成交额</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="61" />
      <source>Conversion</source>
      <translation>转化率</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="61" />
      <source>Interaction</source>
      <translation>互动率</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="61" />
      <source>Refund rate</source>
      <translation>退货率</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="62" />
      <source>Over/under per module</source>
      <translation>每模块超时/欠时</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="62" />
      <source>Compliance hits per hour</source>
      <translation>每小时违规次数</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="63" />
      <source>Incident response</source>
      <translation>故障响应</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="63" />
      <source>Drill response</source>
      <translation>演练响应</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="64" />
      <source>Rehearsals</source>
      <translation>彩排场次</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="64" />
      <source>Rehearsal hours</source>
      <translation>彩排时长</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="69" />
      <source>Novice</source>
      <translation>新手</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="69" />
      <source>Intermediate</source>
      <translation>进阶</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="69" />
      <source>Elite</source>
      <translation>精英</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="69" />
      <source>Top</source>
      <translation>头部</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="70" />
      <source>no record</source>
      <translation>未建档</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="193" />
      <source>Anchors</source>
      <translation>主播</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="194" />
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="195" />
      <source>Anchor</source>
      <translation>主播</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="195" />
      <source>Tier</source>
      <translation>层级</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="195" />
      <source>Suggested</source>
      <translation>建议层级</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="197" />
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="197" />
      <source>Action</source>
      <translation>行动</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="197" />
      <source>Aim</source>
      <translation>目标</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="197" />
      <source>Checked by the show of</source>
      <translation>验证场次</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="198" />
      <source>Action items of their rooms (PDCA)</source>
      <translation>所在直播间的改进行动（PDCA）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="202" />
      <source>GMV per hour, last 10 live shows</source>
      <translation>每小时成交额（近 10 场直播）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="203" />
      <source>Conversion %, last 10 live shows</source>
      <translation>转化率 %（近 10 场直播）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="204" />
      <source>Interaction %, last 10 live shows</source>
      <translation>互动率 %（近 10 场直播）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="221" />
      <source>Summarising recorded shows: %v of %m</source>
      <translation>正在汇总已录制的场次：%v / %m</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="233" />
      <source>Could not read the shows: %1</source>
      <translation>无法读取场次：%1</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="244" />
      <source>No anchors yet: a show names its anchor in its script (show.anchor)</source>
      <translation>还没有主播：在脚本的 show.anchor 中填写主播</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="263" />
      <source>Suggested tier: %1 — %2</source>
      <translation>建议层级：%1 —— %2</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="278" />
      <source>open</source>
      <translation>待验证</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="278" />
      <source>met</source>
      <translation>达成</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="278" />
      <source>not met</source>
      <translation>未达成</translation>
    </message>
    <message>
      <location filename="../../ui/windows/anchors_window.py" line="278" />
      <source>no data</source>
      <translation>无数据</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <location filename="../../ui/demo.py" line="50" />
      <source>offline rehearsal: no OBS</source>
      <translation>离线排练：未连接 OBS</translation>
    </message>
    <message>
      <location filename="../../ui/demo.py" line="64" />
      <source>starting sandbox OBS…</source>
      <translation>正在启动沙盒 OBS…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_host.py" line="120" />
      <source>Stop the running show?</source>
      <translation>停止正在进行的直播？</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_host.py" line="121" />
      <source>“{running}” is running. Stop it (recorded as ended early) and open “{new}”?</source>
      <translation>“{running}”正在进行。停止它（记录为提前结束）并打开“{new}”？</translation>
    </message>
  </context>
  <context>
    <name>AudienceSources</name>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="73" />
      <source>line {number}: {reason}</source>
      <translation>第 {number} 行：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="79" />
      <source>ws://HOST:PORT of oba-live-tool's or LiveDeck's broadcast (default ws://127.0.0.1:12354)</source>
      <translation>oba-live-tool 或 LiveDeck 的广播地址 ws://主机:端口（默认 ws://127.0.0.1:12354）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="80" />
      <source>@unique_id of the TikTok LIVE host</source>
      <translation>TikTok 直播主播的 @unique_id</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="102" />
      <location filename="../../ui/windows/audience_sources.py" line="169" />
      <source>Audience sources</source>
      <translation>观众数据源</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="105" />
      <source>Audience sources of “{title}”, one per line as KIND:TARGET. They start when the show opens; events count from then on (before the start: pre-show).</source>
      <translation>“{title}”的观众数据源，每行一个，格式 KIND:TARGET。节目打开时即开始接收，开播前的数据记为预热（PRE）。</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="111" />
      <source>Known kinds:</source>
      <translation>可用类型：</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="158" />
      <source>Audience sources…</source>
      <translation>观众数据源…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="159" />
      <source>Which platform feeds this script's shows take (remembered per script)</source>
      <translation>本脚本的节目接入哪些平台数据（按脚本记住）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/audience_sources.py" line="170" />
      <source>Open a show first: the sources are chosen per script.</source>
      <translation>请先打开一个节目：数据源按脚本选择。</translation>
    </message>
  </context>
  <context>
    <name>AudioMixer</name>
    <message>
      <location filename="../../ui/panels/audio_mixer.py" line="70" />
      <source>Audio</source>
      <translation>音频</translation>
    </message>
    <message>
      <location filename="../../ui/panels/audio_mixer.py" line="73" />
      <source>No audio inputs in OBS</source>
      <translation>OBS 中没有音频输入</translation>
    </message>
    <message>
      <location filename="../../ui/panels/audio_mixer.py" line="87" />
      <source>OBS refused to mute {name}: {reason}</source>
      <translation>OBS 拒绝静音 {name}：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/audio_mixer.py" line="126" />
      <source>Muted</source>
      <translation>已静音</translation>
    </message>
    <message>
      <location filename="../../ui/panels/audio_mixer.py" line="126" />
      <source>On</source>
      <translation>开麦</translation>
    </message>
    <message>
      <location filename="../../ui/panels/audio_mixer.py" line="127" />
      <source>Click to unmute</source>
      <translation>点击取消静音</translation>
    </message>
    <message>
      <location filename="../../ui/panels/audio_mixer.py" line="127" />
      <source>Click to mute</source>
      <translation>点击静音</translation>
    </message>
  </context>
  <context>
    <name>CameraSwitcher</name>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="140" />
      <source>PROGRAM</source>
      <translation>主输出</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="140" />
      <source>PREVIEW</source>
      <translation>预览</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="281" />
      <source>Cameras</source>
      <translation>机位</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="284" />
      <source>Studio mode</source>
      <translation>工作室模式</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="285" />
      <source>Studio mode: a selection goes to preview, Take puts it on program</source>
      <translation>工作室模式：选择进入预览，按“切换”送上主输出</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="286" />
      <source>Take (Space)</source>
      <translation>切换（空格）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="287" />
      <source>Transition</source>
      <translation>转场</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="288" />
      <source> ms</source>
      <translation> 毫秒</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="289" />
      <source>Transition duration</source>
      <translation>转场时长</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="290" />
      <source>No scenes — waiting for OBS</source>
      <translation>没有场景——等待 OBS</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="328" />
      <source>Take needs studio mode: outside it a selection cuts straight to program</source>
      <translation>“切换”需要工作室模式：非工作室模式下选择即直接切到主输出</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="362" />
      <source>OBS refused {request}: {reason}</source>
      <translation>OBS 拒绝了 {request}：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="369" />
      <source>OBS refused to switch to {scene}: {reason}</source>
      <translation>OBS 拒绝切换到 {scene}：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="373" />
      <source>Preview: {scene} — press Space to take</source>
      <translation>预览：{scene}——按空格切换</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="378" />
      <source>{scene} is already on program ({ms:.0f} ms)</source>
      <translation>{scene} 已在主输出（{ms:.0f} 毫秒）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="394" />
      <source>Switched to {scene} ({ms:.0f} ms)</source>
      <translation>已切换到 {scene}（{ms:.0f} 毫秒）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/camera_switcher.py" line="398" />
      <source>On program in OBS: {scene}</source>
      <translation>OBS 主输出：{scene}</translation>
    </message>
  </context>
  <context>
    <name>CommentFeed</name>
    <message>
      <location filename="../../ui/panels/comment_feed.py" line="199" />
      <source>Comments</source>
      <translation>评论</translation>
    </message>
    <message>
      <location filename="../../ui/panels/comment_feed.py" line="202" />
      <source>Filter comments…</source>
      <translation>筛选评论…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/comment_feed.py" line="203" />
      <source>Flagged only</source>
      <translation>只看违规</translation>
    </message>
    <message>
      <location filename="../../ui/panels/comment_feed.py" line="215" />
      <source>{total} comments · {flagged} flagged</source>
      <translation>{total} 条评论 · {flagged} 条违规</translation>
    </message>
  </context>
  <context>
    <name>ConnectionBar</name>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="59" />
      <source>OBS connected</source>
      <translation>OBS 已连接</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="60" />
      <source>Connecting…</source>
      <translation>正在连接…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="61" />
      <source>Reconnecting…</source>
      <translation>正在重连…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="62" />
      <source>Wrong OBS password</source>
      <translation>OBS 密码错误</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="63" />
      <source>Disconnected</source>
      <translation>未连接</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="220" />
      <source>OBS connected — figures stale</source>
      <translation>OBS 已连接——数据过期</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="229" />
      <source>OBS {version}</source>
      <translation>OBS {version}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="231" />
      <source>FPS —</source>
      <translation>帧率 —</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="232" />
      <source>CPU —</source>
      <translation>CPU —</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="233" />
      <source>Render drop —</source>
      <translation>渲染丢帧 —</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="234" />
      <source>Output drop —</source>
      <translation>输出丢帧 —</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="236" />
      <source>FPS {fps:.1f}</source>
      <translation>帧率 {fps:.1f}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="237" />
      <source>CPU {cpu:.1f} %</source>
      <translation>CPU {cpu:.1f} %</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="238" />
      <source>Render drop {rate}</source>
      <translation>渲染丢帧 {rate}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="239" />
      <source>Output drop {rate}</source>
      <translation>输出丢帧 {rate}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="243" />
      <source>Frames OBS could not render in time, over the last second</source>
      <translation>最近一秒内 OBS 未能及时渲染的帧</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="244" />
      <source>Frames the encoder/output skipped, over the last second</source>
      <translation>最近一秒内编码器/输出跳过的帧</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="247" />
      <source>Figures stale: no health report from OBS for over {seconds:.1f} s</source>
      <translation>数据过期：超过 {seconds:.1f} 秒没有收到 OBS 状态</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="254" />
      <source>STREAM RECONNECTING</source>
      <translation>推流重连中</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="256" />
      <source>LIVE {timecode}</source>
      <translation>直播中 {timecode}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="259" />
      <source>Not streaming</source>
      <translation>未推流</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="264" />
      <source>{kbps:.0f} kb/s</source>
      <translation>{kbps:.0f} kb/s</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="267" />
      <source>Congestion {rate}</source>
      <translation>拥塞 {rate}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="268" />
      <source>How far the stream output lags behind the network (OBS's congestion)</source>
      <translation>推流输出落后于网络的程度（OBS 拥塞度）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="272" />
      <source>REC {timecode}</source>
      <translation>录制 {timecode}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/connection_bar.py" line="276" />
      <source>Not recording</source>
      <translation>未录制</translation>
    </message>
  </context>
  <context>
    <name>ControlStatus</name>
    <message>
      <location filename="../../ui/widgets/control_status.py" line="42" />
      <source>Control API off: {reason}</source>
      <translation>控制接口未开启：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/control_status.py" line="44" />
      <source>Control API {url} · {count} connected</source>
      <translation>控制接口 {url} · {count} 个连接</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/control_status.py" line="45" />
      <source>Phone remote: {url}/remote (open it once with #token=…; liveroom control token)</source>
      <translation>手机遥控：{url}/remote（首次用 #token=… 打开；liveroom control token）</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/control_status.py" line="48" />
      <source>Control API starting…</source>
      <translation>控制接口启动中…</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/control_status.py" line="50" />
      <source>auto-arm: the show follows OBS's stream</source>
      <translation>自动开播：节目跟随 OBS 推流</translation>
    </message>
  </context>
  <context>
    <name>EventLog</name>
    <message>
      <location filename="../../ui/panels/event_log.py" line="103" />
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="103" />
      <source>Level</source>
      <translation>级别</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="103" />
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="103" />
      <source>Message</source>
      <translation>内容</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="103" />
      <source>Latency</source>
      <translation>延迟</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="114" />
      <source>info</source>
      <translation>信息</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="114" />
      <source>warning</source>
      <translation>警告</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="114" />
      <source>error</source>
      <translation>错误</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="216" />
      <source>Event log</source>
      <translation>事件日志</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="219" />
      <source>Filter (request, scene, reason…)</source>
      <translation>筛选（请求、场景、原因…）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="223" />
      <source>All levels</source>
      <translation>全部级别</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="223" />
      <source>Warnings and errors</source>
      <translation>警告和错误</translation>
    </message>
    <message>
      <location filename="../../ui/panels/event_log.py" line="223" />
      <source>Errors only</source>
      <translation>仅错误</translation>
    </message>
  </context>
  <context>
    <name>IncidentPanel</name>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="197" />
      <source>Incidents</source>
      <translation>事件</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="202" />
      <location filename="../../ui/panels/incident_panel.py" line="203" />
      <source>Open incidents</source>
      <translation>未处理的事件</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="204" />
      <source>Step</source>
      <translation>步骤</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="204" />
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="204" />
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="205" />
      <source>Check</source>
      <translation>检查项</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="205" />
      <source>Due in</source>
      <translation>剩余</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="205" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="206" />
      <source>Opened</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="206" />
      <source>Incident</source>
      <translation>事件</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="206" />
      <source>First action</source>
      <translation>首个动作</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="207" />
      <source>Acknowledged</source>
      <translation>已确认</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="207" />
      <source>Checks / resolved</source>
      <translation>检查 / 解决</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="208" />
      <source>Acknowledge</source>
      <translation>确认</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="209" />
      <source>Complete check</source>
      <translation>完成检查项</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="210" />
      <source>Resolve</source>
      <translation>解决</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="211" />
      <source>History</source>
      <translation>历史</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="212" />
      <source>History (resolved)</source>
      <translation>历史（已解决）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="251" />
      <source>OPEN</source>
      <translation>未处理</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="251" />
      <source>acknowledged</source>
      <translation>已确认</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="253" />
      <location filename="../../ui/panels/incident_panel.py" line="289" />
      <location filename="../../ui/panels/incident_panel.py" line="387" />
      <source>DRILL</source>
      <translation>演练</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="281" />
      <source>No open incident.</source>
      <translation>没有未处理的事件。</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="294" />
      <source>module %1 · triggered %2</source>
      <translation>环节 %1 · 触发于 %2</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="298" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="299" />
      <source>ok</source>
      <translation>成功</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="355" />
      <source>OVERDUE </source>
      <translation>已超时 </translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="372" />
      <source>Checklist</source>
      <translation>检查项</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="373" />
      <source>{count} checks overdue</source>
      <translation>{count} 项检查超时</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="374" />
      <source>Steps</source>
      <translation>处置步骤</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="375" />
      <source>{count} steps failed</source>
      <translation>{count} 步处置失败</translation>
    </message>
    <message>
      <location filename="../../ui/panels/incident_panel.py" line="390" />
      <source>resolved</source>
      <translation>已解决</translation>
    </message>
  </context>
  <context>
    <name>IncidentStrip</name>
    <message>
      <location filename="../../ui/widgets/incident_strip.py" line="54" />
      <source>Warnings</source>
      <translation>警告</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/incident_strip.py" line="54" />
      <source>Notices</source>
      <translation>提示</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/incident_strip.py" line="61" />
      <source>No open warnings</source>
      <translation>无未处理的警告</translation>
    </message>
  </context>
  <context>
    <name>KpiTiles</name>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="42" />
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="42" />
      <source>Entries</source>
      <translation>进房</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="42" />
      <source>GMV</source>
      <translation>成交额</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="42" />
      <source>Orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="43" />
      <source>Conversion</source>
      <translation>转化率</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="43" />
      <source>Interaction</source>
      <translation>互动率</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="43" />
      <source>GPM</source>
      <translation>千次成交</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="44" />
      <source>Comments/min</source>
      <translation>评论/分钟</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="186" />
      <source>KPIs</source>
      <translation>数据指标</translation>
    </message>
    <message>
      <location filename="../../ui/panels/kpi_tiles.py" line="231" />
      <source>{mark} module {value}</source>
      <translation>{mark} 本模块 {value}</translation>
    </message>
  </context>
  <context>
    <name>LiveCharts</name>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="66" />
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="66" />
      <source>Comments/min</source>
      <translation>评论/分钟</translation>
    </message>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="66" />
      <source>GMV</source>
      <translation>成交额</translation>
    </message>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="67" />
      <source>FPS</source>
      <translation>帧率</translation>
    </message>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="67" />
      <source>CPU %</source>
      <translation>CPU %</translation>
    </message>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="67" />
      <source>Render dropped %</source>
      <translation>渲染丢帧 %</translation>
    </message>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="68" />
      <source>Output dropped %</source>
      <translation>输出丢帧 %</translation>
    </message>
    <message>
      <location filename="../../ui/panels/live_charts.py" line="243" />
      <source>Live charts</source>
      <translation>实时图表</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/windows/main_window.py" line="294" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="295" />
      <source>&amp;Control</source>
      <translation>控制(&amp;C)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="296" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="297" />
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="299" />
      <source>Select scene {number}</source>
      <translation>选择场景 {number}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="300" />
      <source>Take</source>
      <translation>切换</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="301" />
      <source>Studio mode: put the preview on program (Space)</source>
      <translation>工作室模式：把预览送上主输出（空格）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="302" />
      <source>Studio mode</source>
      <translation>工作室模式</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="303" />
      <source>Start/stop stream</source>
      <translation>开始/停止推流</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="304" />
      <source>Start/stop recording</source>
      <translation>开始/停止录制</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="305" />
      <source>Reconnect to OBS</source>
      <translation>重连 OBS</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="306" />
      <source>Event log</source>
      <translation>事件日志</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="307" />
      <source>Keys back to the cameras</source>
      <translation>按键回到机位</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="308" />
      <source>Reset layout</source>
      <translation>重置布局</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="309" />
      <source>Put the current workspace back to its default</source>
      <translation>把当前工作区恢复为默认布局</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="310" />
      <source>&amp;Workspace</source>
      <translation>工作区(&amp;W)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="312" />
      <source>Full screen</source>
      <translation>全屏</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="313" />
      <source>&amp;Open show…</source>
      <translation>打开直播脚本(&amp;O)…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="314" />
      <source>Load a show script (YAML), check it, and run it live or as a rehearsal</source>
      <translation>载入直播脚本（YAML），检查后正式直播或彩排</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="315" />
      <source>Recent &amp;shows</source>
      <translation>最近的脚本(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="316" />
      <source>&amp;Review shows…</source>
      <translation>复盘回看(&amp;R)…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="317" />
      <source>The review of recorded shows and rehearsals (复盘)</source>
      <translation>查看已录制的直播与排练的复盘</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="319" />
      <source>Settings…</source>
      <translation>设置…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="320" />
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="321" />
      <location filename="../../ui/windows/shortcuts_dialog.py" line="20" />
      <source>Keyboard shortcuts</source>
      <translation>快捷键</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="322" />
      <location filename="../../ui/windows/main_window.py" line="382" />
      <source>About</source>
      <translation>关于</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="323" />
      <source>Actions</source>
      <translation>操作</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="333" />
      <source>Control</source>
      <translation>控制</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="333" />
      <source>View</source>
      <translation>视图</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="333" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="333" />
      <source>Help</source>
      <translation>帮助</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="382" />
      <source>Liveroom console 0.1 — OBS control for live-commerce shows.</source>
      <translation>直播间中控台 0.1——直播带货的 OBS 控制台。</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="402" />
      <source>Show ended: “{title}” — its review is one click away</source>
      <translation>直播已结束：“{title}”——点一下即可查看复盘</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="410" />
      <source>Review “{title}”</source>
      <translation>复盘“{title}”</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="411" />
      <source>Open the review of the show that just ended</source>
      <translation>打开刚结束这场直播的复盘</translation>
    </message>
    <message>
      <location filename="../../ui/windows/main_window.py" line="421" />
      <source>Liveroom console</source>
      <translation>直播间中控台</translation>
    </message>
    <message>
      <location filename="../../ui/windows/shortcuts_dialog.py" line="24" />
      <source>Key</source>
      <translation>按键</translation>
    </message>
    <message>
      <location filename="../../ui/windows/shortcuts_dialog.py" line="24" />
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <location filename="../../ui/windows/shortcuts_dialog.py" line="24" />
      <source>Menu</source>
      <translation>菜单</translation>
    </message>
  </context>
  <context>
    <name>ObsReasons</name>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="24" />
      <source>OBS closed the connection</source>
      <translation>OBS 关闭了连接</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="25" />
      <source>connection lost</source>
      <translation>连接中断</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="26" />
      <source>reconnect requested by the operator</source>
      <translation>操作员请求重连</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="27" />
      <source>OBS is answering again</source>
      <translation>OBS 已恢复响应</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="28" />
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="29" />
      <source>not started</source>
      <translation>尚未开始</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="30" />
      <source>wrong OBS websocket password</source>
      <translation>OBS WebSocket 密码错误</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="31" />
      <source>the session was kicked from OBS</source>
      <translation>会话被 OBS 踢出</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="32" />
      <source>OBS closed the session (unknown reason)</source>
      <translation>OBS 关闭了会话（原因不明）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="33" />
      <source>internal error in the OBS client (see log)</source>
      <translation>OBS 客户端内部错误（见日志）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="35" />
      <source>no OBS connection in this session</source>
      <translation>本场没有连接 OBS</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="41" />
      <source>connecting to {url}</source>
      <translation>正在连接 {url}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="42" />
      <source>connected to OBS {version} at {url}</source>
      <translation>已连接 OBS {version}（{url}）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="44" />
      <source>nothing is listening at {url} (is OBS running with its websocket server on?)</source>
      <translation>{url} 无人监听（OBS 是否已运行并开启 WebSocket 服务？）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="46" />
      <source>no answer from {url} within {seconds} s</source>
      <translation>{url} 在 {seconds} 秒内无应答</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="47" />
      <source>OBS closed the connection (code {code})</source>
      <translation>OBS 关闭了连接（代码 {code}）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="48" />
      <source>connection lost: {error}</source>
      <translation>连接中断：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="50" />
      <source>OBS did not answer the state read: {error}</source>
      <translation>OBS 未响应状态读取：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/obs_reasons.py" line="51" />
      <source>send failed: {error}</source>
      <translation>发送失败：{error}</translation>
    </message>
  </context>
  <context>
    <name>PeriodMenu</name>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="57" />
      <source>&amp;Anchors…</source>
      <translation>主播(&amp;A)…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="58" />
      <source>Anchors' scorecards, trends, tier suggestions and action items</source>
      <translation>主播成绩单、趋势、层级建议与改进行动</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="59" />
      <source>Run a &amp;drill…</source>
      <translation>运行演练(&amp;D)…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="60" />
      <source>Faults injected into this rehearsal on a schedule; scored afterwards</source>
      <translation>按时间表向本场彩排注入故障，事后评分</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="84" />
      <location filename="../../ui/windows/period_menu.py" line="91" />
      <source>Run a drill</source>
      <translation>运行演练</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="84" />
      <source>Drill files (*.yaml *.yml)</source>
      <translation>演练文件 (*.yaml *.yml)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="91" />
      <source>A drill runs in a rehearsal, set up before its start: open a rehearsal first, then choose the drill, then start.</source>
      <translation>演练只在彩排中运行，且要在开播前设置：先打开一场彩排，再选择演练文件，然后开播。</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="108" />
      <source>The drill has errors: %1</source>
      <translation>演练文件有错误：%1</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="111" />
      <source>The rehearsal started or closed before the drill was read; not armed</source>
      <translation>演练文件读取完成前彩排已开始或已关闭；未装载</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="114" />
      <source>Drill %1 armed: %2 faults; they start with the rehearsal</source>
      <translation>演练「%1」已装载：%2 个故障，随彩排开始</translation>
    </message>
    <message>
      <location filename="../../ui/windows/period_menu.py" line="134" />
      <source>To act on this show: %1 (%2)</source>
      <translation>本场要落实：%1（%2）</translation>
    </message>
  </context>
  <context>
    <name>PlaybookLibrary</name>
    <message>
      <location filename="../../ui/panels/playbook_library.py" line="54" />
      <source>Playbooks</source>
      <translation>应急预案</translation>
    </message>
    <message>
      <location filename="../../ui/panels/playbook_library.py" line="57" />
      <source>Id</source>
      <translation>编号</translation>
    </message>
    <message>
      <location filename="../../ui/panels/playbook_library.py" line="57" />
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../ui/panels/playbook_library.py" line="57" />
      <source>Detector</source>
      <translation>检测项</translation>
    </message>
    <message>
      <location filename="../../ui/panels/playbook_library.py" line="57" />
      <source>Severity</source>
      <translation>级别</translation>
    </message>
    <message>
      <location filename="../../ui/panels/playbook_library.py" line="77" />
      <source>Drill</source>
      <translation>演练</translation>
    </message>
  </context>
  <context>
    <name>ProductsPanel</name>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="56" />
      <source>Explain</source>
      <translation>讲解</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="56" />
      <source>Link up</source>
      <translation>上链接</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="56" />
      <source>Lucky bag</source>
      <translation>福袋</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="57" />
      <source>Flash sale</source>
      <translation>秒杀</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="132" />
      <source>Products</source>
      <translation>商品</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="135" />
      <source>Selling reminders</source>
      <translation>带货提醒</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="136" />
      <source>Pushed ({key})</source>
      <translation>已推送（{key}）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="137" />
      <source>Acknowledge the oldest reminder: the card was pushed</source>
      <translation>确认最早的一条提醒：讲解卡已推送</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="138" />
      <source>Sound</source>
      <translation>声音</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="139" />
      <source>SKU</source>
      <translation>货号</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="139" />
      <source>Product</source>
      <translation>商品</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="139" />
      <source>Stock</source>
      <translation>库存</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="139" />
      <source>Orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="139" />
      <source>Qty</source>
      <translation>件数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="140" />
      <source>GMV</source>
      <translation>成交额</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="140" />
      <source>Explained</source>
      <translation>讲解时长</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="140" />
      <source>After explain</source>
      <translation>讲解后成交</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="180" />
      <source>{action} {sku} {name} · prompt {count}</source>
      <translation>{action} {sku} {name} · 第 {count} 次提醒</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="184" />
      <source>No reminder open</source>
      <translation>没有待处理的提醒</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="191" />
      <source>{count} left</source>
      <translation>剩 {count} 件</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="193" />
      <source>Flash sale {sku}: {countdown} · {left}</source>
      <translation>秒杀 {sku}：{countdown} · {left}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="205" />
      <source>Category</source>
      <translation>品类</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="212" />
      <source>{stock} sold out</source>
      <translation>{stock} 已售罄</translation>
    </message>
    <message>
      <location filename="../../ui/panels/products_panel.py" line="214" />
      <source>{stock} low</source>
      <translation>{stock} 低库存</translation>
    </message>
  </context>
  <context>
    <name>ProposalBanner</name>
    <message>
      <location filename="../../ui/panels/proposal_banner.py" line="118" />
      <source>Accept (%1)</source>
      <translation>采纳 (%1)</translation>
    </message>
    <message>
      <location filename="../../ui/panels/proposal_banner.py" line="119" />
      <source>Dismiss (%1)</source>
      <translation>忽略 (%1)</translation>
    </message>
    <message>
      <location filename="../../ui/panels/proposal_banner.py" line="143" />
      <source>Rule %1 proposes: %2 — expires in %3 s</source>
      <translation>规则 %1 建议：%2 — %3 秒后失效</translation>
    </message>
    <message>
      <location filename="../../ui/panels/proposal_banner.py" line="147" />
      <source>(+%1 more)</source>
      <translation>（另有 %1 条）</translation>
    </message>
  </context>
  <context>
    <name>QuickEntry</name>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="124" />
      <source>Quick entry</source>
      <translation>快速录入</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="127" />
      <source>Online now</source>
      <translation>当前在线</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="128" />
      <source>Platform GMV</source>
      <translation>平台成交额</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="129" />
      <location filename="../../ui/panels/quick_entry.py" line="130" />
      <source>as on the platform's data screen</source>
      <translation>按平台数据大屏填写</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="131" />
      <source>Record (Enter)</source>
      <translation>记录（回车）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="132" />
      <source>Quick entry: type online / GMV</source>
      <translation>快速录入：填写在线人数 / 成交额</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="133" />
      <source>Typed GMV is kept beside the console's GMV from orders, never added to it.</source>
      <translation>手填的成交额与场控台按订单统计的成交额并列显示，绝不相加。</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="151" />
      <source>Type digits only, e.g. 1520 or 12,345.50</source>
      <translation>只能填数字，例如 1520 或 12,345.50</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="155" />
      <source>Type the online count, the GMV, or both, then press Enter</source>
      <translation>填写在线人数、成交额或两者，然后按回车</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="168" />
      <source>Recording…</source>
      <translation>正在记录…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="176" />
      <source>Not recorded: {reason}</source>
      <translation>未记录：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="185" />
      <source>Nothing typed yet in this show</source>
      <translation>本场尚未手动录入</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="190" />
      <source>Online {n}</source>
      <translation>在线 {n}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="192" />
      <source>Platform GMV {amount}</source>
      <translation>平台成交额 {amount}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="194" />
      <source>Recorded at {time}:</source>
      <translation>{time} 已记录：</translation>
    </message>
    <message>
      <location filename="../../ui/panels/quick_entry.py" line="196" />
      <source>Console GMV from orders then: {amount}</source>
      <translation>当时场控台订单成交额：{amount}</translation>
    </message>
  </context>
  <context>
    <name>RecoveryOffer</name>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="65" />
      <source>{n} s ago</source>
      <translation>{n} 秒前</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="67" />
      <source>{n} min ago</source>
      <translation>{n} 分钟前</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="68" />
      <source>{n} h ago</source>
      <translation>{n} 小时前</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="72" />
      <source>(not started)</source>
      <translation>（未开始）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="73" />
      <source>live</source>
      <translation>正式直播</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="73" />
      <source>rehearsal</source>
      <translation>彩排</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="74" />
      <source>Show interrupted: {title} ({kind}) — module {module} at {clock}, console stopped {down}, {incidents} open incidents.</source>
      <translation>直播中断：{title}（{kind}）— 环节「{module}」进行到 {clock}，控制台于{down}停止，{incidents} 个未处理事件。</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="117" />
      <source>&amp;Resume show</source>
      <translation>恢复直播(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="118" />
      <source>Continue the show where it was: same module, its clock never stopped</source>
      <translation>从中断处继续：同一环节，计时从未停止</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="119" />
      <source>&amp;End it</source>
      <translation>结束它(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="120" />
      <source>Record it as ended early at its last sign of life</source>
      <translation>记录为在最后一次心跳时提前结束</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="121" />
      <source>&amp;Later</source>
      <translation>稍后(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="122" />
      <source>Hide this until the console starts again</source>
      <translation>隐藏，直到控制台下次启动</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="216" />
      <source>Interrupted show {title} left for later</source>
      <translation>中断的直播 {title} 留待稍后处理</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="234" />
      <source>Ended: {title} (recorded as ended early)</source>
      <translation>已结束：{title}（记录为提前结束）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="247" />
      <source>Resuming {title}: waiting for OBS…</source>
      <translation>正在恢复 {title}：等待 OBS…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="256" />
      <source>a live show is only resumed with OBS, and this window has none</source>
      <translation>正式直播只能在连接 OBS 时恢复，本窗口没有 OBS</translation>
    </message>
    <message>
      <location filename="../../ui/windows/recovery_offer.py" line="290" />
      <source>Cannot resume or end {title}: {reason}</source>
      <translation>无法恢复或结束 {title}：{reason}</translation>
    </message>
  </context>
  <context>
    <name>ReviewColumns</name>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="20" />
      <location filename="../../ui/panels/review/column_titles.py" line="20" />
      <source>Module</source>
      <translation>环节</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="20" />
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="20" />
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="21" />
      <source>Planned</source>
      <translation>计划时长</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="21" />
      <source>Actual</source>
      <translation>实际时长</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="21" />
      <source>Over/under</source>
      <translation>超时/提前</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="22" />
      <source>Entries</source>
      <translation>进房</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="22" />
      <source>Peak online</source>
      <translation>峰值在线</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="22" />
      <source>Average online</source>
      <translation>平均在线</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="23" />
      <source>Comments</source>
      <translation>评论</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="23" />
      <source>Likes</source>
      <translation>点赞</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="23" />
      <source>Interacting viewers</source>
      <translation>互动人数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="24" />
      <source>Interaction rate</source>
      <translation>互动率</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="24" />
      <source>Orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="24" />
      <source>GMV</source>
      <translation>成交额</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="25" />
      <source>Conversion</source>
      <translation>转化率</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="25" />
      <source>GPM</source>
      <translation>千次成交</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="25" />
      <source>Average order</source>
      <translation>客单价</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="26" />
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="26" />
      <source>Viewer</source>
      <translation>观众</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="26" />
      <source>Comment</source>
      <translation>评论内容</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="26" />
      <source>Wording</source>
      <translation>违规用语</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="27" />
      <source>Reach</source>
      <translation>触达</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="27" />
      <source>Follows</source>
      <translation>关注</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="27" />
      <source>Shares</source>
      <translation>分享</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="27" />
      <source>Refunds</source>
      <translation>退款单数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="28" />
      <source>Refund rate</source>
      <translation>退款率</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/column_titles.py" line="31" />
      <source>{kpi} status</source>
      <translation>{kpi}状态</translation>
    </message>
  </context>
  <context>
    <name>ReviewProducts</name>
    <message>
      <location filename="../../ui/panels/review/products.py" line="28" />
      <source>SKU</source>
      <translation>货号</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="28" />
      <source>Product</source>
      <translation>商品</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="28" />
      <location filename="../../ui/panels/review/products.py" line="70" />
      <source>Category</source>
      <translation>品类</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="28" />
      <source>Orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="29" />
      <source>Qty</source>
      <translation>件数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="29" />
      <source>GMV</source>
      <translation>成交额</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="29" />
      <source>Refunds</source>
      <translation>退款</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="29" />
      <source>Explained (s)</source>
      <translation>讲解时长（秒）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="30" />
      <source>Orders after explain</source>
      <translation>讲解后 5 分钟内订单</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="30" />
      <source>Stock at start</source>
      <translation>开播库存</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="31" />
      <source>Stock at end</source>
      <translation>下播库存</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="31" />
      <source>Clicks</source>
      <translation>商品点击</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="53" />
      <source>Products</source>
      <translation>商品</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/products.py" line="61" />
      <source>This show's script has no products.</source>
      <translation>本场脚本没有商品。</translation>
    </message>
  </context>
  <context>
    <name>ReviewReport</name>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>%1 comments, %2 with banned or risky wording, %3 questions.</source>
      <translation>共 %1 条评论，其中 %2 条含违禁或风险用语，%3 条提问。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>%1 more in the review window.</source>
      <translation>另有 %1 条，请在复盘窗口查看。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>%1 s</source>
      <translation>%1 秒</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Acknowledged</source>
      <translation>已确认</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Acknowledged after</source>
      <translation>确认用时</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Actual</source>
      <translation>实际时长</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Actual start</source>
      <translation>实际开始</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>After</source>
      <translation>用时</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Anchor: %1</source>
      <translation>主播：%1</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Asked</source>
      <translation>次数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Audience</source>
      <translation>观众</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Audio level: %1</source>
      <translation>音频电平：%1</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Average online</source>
      <translation>平均在线</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Average order value</source>
      <translation>客单价</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Break</source>
      <translation>休息</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>By</source>
      <translation>执行者</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Charts</source>
      <translation>图表</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Check</source>
      <translation>检查</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Closing</source>
      <translation>收尾</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Comment</source>
      <translation>评论</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Comments</source>
      <translation>评论数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Comments from the audience</source>
      <translation>观众评论</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Comments per minute</source>
      <translation>每分钟评论数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Comments per module</source>
      <translation>各模块评论</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Comments with banned or risky wording</source>
      <translation>含违禁或风险用语的评论</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Conversion</source>
      <translation>促单</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Conversion rate</source>
      <translation>转化率</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Critical</source>
      <translation>严重</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Cues and OBS requests that did not go as planned</source>
      <translation>未按计划执行的提示和 OBS 请求</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Cues: %1.</source>
      <translation>提示：%1。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Difference</source>
      <translation>差值</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Ended</source>
      <translation>已结束</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Ended early</source>
      <translation>提前结束</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Entries</source>
      <translation>进场人数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Entries (cumulative)</source>
      <translation>累计进场人数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Escalated</source>
      <translation>升级</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Every cue fired and every OBS request succeeded.</source>
      <translation>所有提示均已触发，所有 OBS 请求均成功。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Explanation</source>
      <translation>讲解</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Fired</source>
      <translation>已触发</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>First at</source>
      <translation>首次出现</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Flagged</source>
      <translation>违规</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Frames dropped by the stream output</source>
      <translation>推流输出丢帧</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Frames dropped while rendering</source>
      <translation>渲染丢帧</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>GMV</source>
      <translation>成交额</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>GMV (orders minus refunds, cumulative)</source>
      <translation>成交额（订单减退款，累计）</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>GMV per 1,000 viewers</source>
      <translation>千次观看成交额</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Generated %1 by liveroom review.</source>
      <translation>由 liveroom review 于 %1 生成。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Incident</source>
      <translation>事件</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Incidents</source>
      <translation>事件</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Information</source>
      <translation>提示</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Interacting viewers</source>
      <translation>互动人数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Interaction</source>
      <translation>互动</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Interaction rate</source>
      <translation>互动率</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>KPIs per module</source>
      <translation>各模块指标</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Likes</source>
      <translation>点赞数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Likes (cumulative)</source>
      <translation>累计点赞数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Live show</source>
      <translation>直播</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Missed</source>
      <translation>错过</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Module</source>
      <translation>模块</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Most asked questions</source>
      <translation>观众最常问的问题</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>No incident.</source>
      <translation>无事件。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>OBS CPU use</source>
      <translation>OBS CPU 占用</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>OBS frames per second</source>
      <translation>OBS 帧率</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>OK</source>
      <translation>成功</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Open</source>
      <translation>未处理</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Opened</source>
      <translation>发生时间</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Opening</source>
      <translation>开场</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Orders</source>
      <translation>订单数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Orders (cumulative)</source>
      <translation>累计订单数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Orders per minute</source>
      <translation>每分钟订单数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Outside the modules</source>
      <translation>模块之外</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Over (+) / under (−)</source>
      <translation>超时（+）/ 提前（−）</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Peak online</source>
      <translation>最高在线</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Per minute</source>
      <translation>每分钟</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Plan</source>
      <translation>计划</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Plan and reality</source>
      <translation>计划与实际</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Planned</source>
      <translation>计划时长</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Planned start</source>
      <translation>计划开始</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Question</source>
      <translation>问题</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Questions</source>
      <translation>提问</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Reality</source>
      <translation>实际</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Rehearsal</source>
      <translation>彩排</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Resolved</source>
      <translation>已解决</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Resolved after</source>
      <translation>解决用时</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Room: %1</source>
      <translation>直播间：%1</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Running</source>
      <translation>进行中</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Sales</source>
      <translation>销售</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Scene switches and cues</source>
      <translation>场景切换与提示</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Scene switches: %1, %2 failed.</source>
      <translation>场景切换：%1 次，失败 %2 次。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Severity</source>
      <translation>级别</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Show ID</source>
      <translation>场次编号</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Show report</source>
      <translation>复盘报告</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Skipped</source>
      <translation>已跳过</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Step</source>
      <translation>步骤</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Stream bitrate</source>
      <translation>推流码率</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Stream congestion</source>
      <translation>推流拥塞</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Switch time: median %1, slowest %2.</source>
      <translation>切换用时：中位数 %1，最慢 %2。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Text</source>
      <translation>内容</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>The first %1; %2 more are in the review window.</source>
      <translation>仅列出前 %1 条；另有 %2 条请在复盘窗口查看。</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Timing: plan, %1 and %2</source>
      <translation>时长对比：计划、%1 与 %2</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Triggered</source>
      <translation>触发</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Viewer</source>
      <translation>观众</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Viewers online</source>
      <translation>在线人数</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Warning</source>
      <translation>警告</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Whole show</source>
      <translation>全场</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>Wording</source>
      <translation>用语类别</translation>
    </message>
    <message>
      <location filename="../../console/review/report.py" line="1" />
      <source>drill</source>
      <translation>演练</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Products</source>
      <translation>商品</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>No product sold or explained.</source>
      <translation>本场没有商品成交或讲解。</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Product</source>
      <translation>商品</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>SKU</source>
      <translation>SKU</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Quantity</source>
      <translation>件数</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Refunds</source>
      <translation>退款数</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Explained</source>
      <translation>讲解时长</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Orders after explaining</source>
      <translation>讲解后成交占比</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Stock start</source>
      <translation>开播库存</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Stock end</source>
      <translation>下播库存</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Live adjustments</source>
      <translation>实时调整</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>No rule fired.</source>
      <translation>本场没有规则触发。</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>At</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Rule</source>
      <translation>规则</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Metric</source>
      <translation>指标</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Action</source>
      <translation>动作</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Online before → after</source>
      <translation>在线人数 前 → 后</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>GMV/min before → after</source>
      <translation>每分钟 GMV 前 → 后</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Jump to a module</source>
      <translation>跳到模块</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Jump to a module type</source>
      <translation>跳到某类模块</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Extend the module</source>
      <translation>延长本模块</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Shorten the module</source>
      <translation>缩短本模块</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Cue</source>
      <translation>提示</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Playbook</source>
      <translation>预案</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Insert a module</source>
      <translation>插入模块</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Applied</source>
      <translation>已执行</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Accepted</source>
      <translation>已采纳</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Dismissed</source>
      <translation>已忽略</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Expired</source>
      <translation>已过期</translation>
    </message>
    <message>
      <location filename="../../console/review/report_sections.py" line="1" />
      <source>Online change · est. loss</source>
      <translation>在线变化 · 估计损失</translation>
    </message>
  </context>
  <context>
    <name>ReviewWindow</name>
    <message>
      <location filename="../../ui/panels/review/charts.py" line="70" />
      <source>Charts</source>
      <translation>图表</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/charts.py" line="73" />
      <source>Series:</source>
      <translation>数据系列：</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/charts.py" line="74" />
      <source>Click a marker to see what happened</source>
      <translation>点击标记查看发生了什么</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/comments.py" line="96" />
      <source>Comments</source>
      <translation>评论</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/comments.py" line="99" />
      <source>Only comments with banned or risky wording</source>
      <translation>仅显示含违禁或风险用语的评论</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="59" />
      <location filename="../../ui/panels/review/compare.py" line="63" />
      <source>Compare</source>
      <translation>对比</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="62" />
      <source>Compare with:</source>
      <translation>对比：</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="65" />
      <location filename="../../ui/panels/review/compare.py" line="88" />
      <source>module</source>
      <translation>模块</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="65" />
      <location filename="../../ui/panels/review/compare.py" line="88" />
      <source>title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="65" />
      <location filename="../../ui/panels/review/compare.py" line="88" />
      <source>planned s</source>
      <translation>计划秒数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="66" />
      <location filename="../../ui/panels/review/compare.py" line="90" />
      <source>difference s</source>
      <translation>差值秒数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="67" />
      <source>KPIs per module type</source>
      <translation>各模块类型指标</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="86" />
      <source>Timing per module: planned, {0}, {1} ({2})</source>
      <translation>各模块时长：计划、{0}、{1}（{2}）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/compare.py" line="99" />
      <source>type</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/export.py" line="43" />
      <location filename="../../ui/panels/review/export.py" line="57" />
      <source>Export review</source>
      <translation>导出复盘</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/export.py" line="47" />
      <source>Export {0}…</source>
      <translation>导出 {0}…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="40" />
      <source>Incidents</source>
      <translation>事故</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="43" />
      <source>incident / step</source>
      <translation>事故 / 步骤</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="43" />
      <source>when</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="43" />
      <source>ack s</source>
      <translation>确认秒数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="43" />
      <source>resolved s</source>
      <translation>解决秒数</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="43" />
      <source>result</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="44" />
      <source>who</source>
      <translation>操作人</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/incidents.py" line="44" />
      <source>impact</source>
      <translation>业务影响</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/kpi_table.py" line="43" />
      <location filename="../../ui/panels/review/timeline.py" line="36" />
      <source>Plan &amp;&amp; KPIs</source>
      <translation>计划与指标</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="42" />
      <location filename="../../ui/windows/review_window.py" line="153" />
      <source>Select a show</source>
      <translation>选择一场直播</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="45" />
      <source>date</source>
      <translation>日期</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="45" />
      <source>script</source>
      <translation>脚本</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="45" />
      <source>kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="45" />
      <source>duration</source>
      <translation>时长</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="45" />
      <source>GMV</source>
      <translation>GMV</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="46" />
      <source>incidents</source>
      <translation>事故</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="55" />
      <source>rehearsal</source>
      <translation>排练</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/show_list.py" line="55" />
      <source>live</source>
      <translation>直播</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/timeline.py" line="39" />
      <source>planned</source>
      <translation>计划</translation>
    </message>
    <message>
      <location filename="../../ui/panels/review/timeline.py" line="39" />
      <source>actual</source>
      <translation>实际</translation>
    </message>
    <message>
      <location filename="../../ui/windows/review_window.py" line="151" />
      <source>Show review</source>
      <translation>直播复盘</translation>
    </message>
    <message>
      <location filename="../../ui/windows/review_window.py" line="154" />
      <source>Refresh list</source>
      <translation>刷新列表</translation>
    </message>
    <message>
      <location filename="../../ui/windows/review_window.py" line="201" />
      <source>{0} failed: {1}</source>
      <translation>{0} 失败：{1}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/review_window.py" line="225" />
      <source>Wrote {0}</source>
      <translation>已写入 {0}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/review_window.py" line="272" />
      <source>Loading…</source>
      <translation>加载中…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/review_window.py" line="279" />
      <source>Loaded in {0:.2f} s</source>
      <translation>加载用时 {0:.2f} 秒</translation>
    </message>
  </context>
  <context>
    <name>ScriptPanel</name>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="95" />
      <source>Script</source>
      <translation>脚本</translation>
    </message>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="98" />
      <source>SKU</source>
      <translation>SKU</translation>
    </message>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="98" />
      <source>Product</source>
      <translation>商品</translation>
    </message>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="98" />
      <source>Price</source>
      <translation>原价</translation>
    </message>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="98" />
      <source>Live price</source>
      <translation>直播价</translation>
    </message>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="117" />
      <source>No module on</source>
      <translation>当前没有模块</translation>
    </message>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="122" />
      <source>(not started) </source>
      <translation>（未开始）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/script_panel.py" line="129" />
      <source>⚠ Wording to avoid: {terms}</source>
      <translation>⚠ 需避免的用语：{terms}</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../../ui/settings.py" line="95" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="101" />
      <source>Follow the system</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="106" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="110" />
      <source>Serve the control API and the phone remote</source>
      <translation>提供控制接口和手机遥控页</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="113" />
      <source>Control API</source>
      <translation>控制接口</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="117" />
      <source>HOST:PORT; a LAN address lets a phone reach it (token: liveroom control token)</source>
      <translation>HOST:端口；绑定局域网地址后手机可访问（令牌：liveroom control token）</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="119" />
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="120" />
      <source>Start the show when OBS starts streaming, end it when OBS stops</source>
      <translation>OBS 开始推流时开播，停止推流时结束</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="123" />
      <source>Auto-arm</source>
      <translation>自动开播</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="125" />
      <source>The control API and auto-arm settings take effect at the next start.</source>
      <translation>控制接口和自动开播的设置在下次启动时生效。</translation>
    </message>
    <message>
      <location filename="../../ui/settings.py" line="128" />
      <source>The OBS password is kept in the system keyring (liveroom obs set-password).</source>
      <translation>OBS 密码保存在系统钥匙串中（liveroom obs set-password）。</translation>
    </message>
  </context>
  <context>
    <name>ShowConsole</name>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="118" />
      <source>Next module</source>
      <translation>下一段</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="118" />
      <source>Hold / resume</source>
      <translation>暂停 / 继续</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="119" />
      <source>Extend the module by 1 min</source>
      <translation>本段延长 1 分钟</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="119" />
      <source>Shorten the module by 1 min</source>
      <translation>本段缩短 1 分钟</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="120" />
      <source>Acknowledge the selling reminder</source>
      <translation>确认带货提醒</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="146" />
      <source>Start show (F5)</source>
      <translation>开始直播流程 (F5)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="147" />
      <source>Start the run of show: the first module goes on air</source>
      <translation>开始流程：第一段上线</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="148" />
      <source>Teleprompter</source>
      <translation>提词器</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="149" />
      <source>Anchor's screen</source>
      <translation>主播屏</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="150" />
      <source>A confidence monitor for the anchor: countdown, next cue, product, questions</source>
      <translation>给主播看的提示屏：倒计时、下一提示、商品、观众提问</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="159" />
      <source>Show started: {title}</source>
      <translation>流程已开始：{title}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_panels.py" line="167" />
      <source>Show resumed: {title}</source>
      <translation>直播已恢复：{title}</translation>
    </message>
  </context>
  <context>
    <name>ShowOpener</name>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="78" />
      <location filename="../../ui/windows/show_opener.py" line="122" />
      <location filename="../../ui/windows/show_opener.py" line="150" />
      <source>Open show</source>
      <translation>打开直播脚本</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="85" />
      <source>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;{modules} modules, planned {planned}&lt;br&gt;&lt;small&gt;{path}&lt;/small&gt;</source>
      <translation>&lt;b&gt;{title}&lt;/b&gt;&lt;br&gt;{modules} 个环节，计划 {planned}&lt;br&gt;&lt;small&gt;{path}&lt;/small&gt;</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="90" />
      <source>{count} warnings (listed in the event log)</source>
      <translation>{count} 条警告（见事件日志）</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="94" />
      <source>&amp;Live: the real show (cues to OBS, audience from the intake)</source>
      <translation>正式直播(&amp;L)：提示发送到 OBS，观众数据来自接入口</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="96" />
      <source>&amp;Rehearsal: a practice run, recorded as a rehearsal</source>
      <translation>彩排(&amp;R)：练习运行，记录为彩排</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="110" />
      <source>&amp;Speed</source>
      <translation>速度(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="113" />
      <source>Simulated &amp;audience</source>
      <translation>模拟观众(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="117" />
      <location filename="../../ui/windows/show_opener.py" line="257" />
      <source>Live needs OBS: this window has no OBS connection.</source>
      <translation>正式直播需要 OBS：本窗口没有连接 OBS。</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="151" />
      <source>Show scripts (*.yaml *.yml);;All files (*)</source>
      <translation>直播脚本 (*.yaml *.yml);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="167" />
      <source>The show script has errors</source>
      <translation>直播脚本有错误</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="170" />
      <source>{file} does not load: {count} errors. Nothing was changed.</source>
      <translation>{file} 无法载入：{count} 处错误。未做任何更改。</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="227" />
      <source>Checking show script {path}…</source>
      <translation>正在检查直播脚本 {path}…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="242" />
      <source>The show script could not be read: {reason}</source>
      <translation>无法读取直播脚本：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="270" />
      <source>live</source>
      <translation>正式直播</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="270" />
      <source>rehearsal</source>
      <translation>彩排</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="271" />
      <source>Show loaded ({kind}): {title} — press F5 to start</source>
      <translation>已载入（{kind}）：{title} — 按 F5 开始</translation>
    </message>
    <message>
      <location filename="../../ui/windows/show_opener.py" line="278" />
      <source>The show script does not load</source>
      <translation>直播脚本无法载入</translation>
    </message>
  </context>
  <context>
    <name>SourceReasons</name>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="28" />
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="29" />
      <source>TikTok closed the connection</source>
      <translation>TikTok 关闭了连接</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="31" />
      <source>the LIVE is age-restricted: TikTokLive cannot read it without a logged-in session</source>
      <translation>该直播有年龄限制：TikTokLive 未登录无法读取</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="38" />
      <source>{reason}; retrying in {seconds} s</source>
      <translation>{reason}；{seconds} 秒后重试</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="40" />
      <source>{reason}; checking again in {seconds} s</source>
      <translation>{reason}；{seconds} 秒后再检查</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="42" />
      <source>{reason}; events held: {held} ({refusal})</source>
      <translation>{reason}；暂存事件 {held} 条（{refusal}）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="44" />
      <source>connecting to {url}</source>
      <translation>正在连接 {url}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="45" />
      <source>connected to {url}</source>
      <translation>已连接 {url}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="46" />
      <source>cannot connect: {error}</source>
      <translation>无法连接：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="47" />
      <source>connection lost: {error}</source>
      <translation>连接中断：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="48" />
      <source>no message for {seconds} s</source>
      <translation>{seconds} 秒没有消息</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="50" />
      <source>starting TikTokLive for {target}</source>
      <translation>正在为 {target} 启动 TikTokLive</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="51" />
      <source>cannot start {program}: {error}</source>
      <translation>无法启动 {program}：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="53" />
      <source>the TikTok process stopped answering for {seconds} s and was restarted</source>
      <translation>TikTok 进程 {seconds} 秒无响应，已重启</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="55" />
      <source>the TikTok process ended unexpectedly (exit code {code})</source>
      <translation>TikTok 进程意外退出（退出码 {code}）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="57" />
      <source>@{user} is on air</source>
      <translation>@{user} 正在直播</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="58" />
      <source>the LIVE of @{user} ended</source>
      <translation>@{user} 的直播已结束</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="59" />
      <source>connecting to the LIVE of @{user}</source>
      <translation>正在连接 @{user} 的直播</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="60" />
      <source>not on air after {seconds} s of trying</source>
      <translation>尝试 {seconds} 秒后仍未开播</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="61" />
      <source>no event for {seconds} s</source>
      <translation>{seconds} 秒没有事件</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="62" />
      <source>@{user} is not live now</source>
      <translation>@{user} 现在没有直播</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="63" />
      <source>TikTok has no user @{user}</source>
      <translation>TikTok 上没有用户 @{user}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="65" />
      <source>the sign server limits requests: {error}</source>
      <translation>签名服务器限制请求：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="67" />
      <source>the sign server refused the API key: {error}</source>
      <translation>签名服务器拒绝了 API 密钥：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="68" />
      <source>bad settings from the console: {error}</source>
      <translation>控制台给出的设置有误：{error}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="69" />
      <source>the intake answered {answer}</source>
      <translation>接收接口答复 {answer}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_reasons.py" line="70" />
      <source>the intake did not answer: {error}</source>
      <translation>接收接口没有答复：{error}</translation>
    </message>
  </context>
  <context>
    <name>SourceStatus</name>
    <message>
      <location filename="../../ui/panels/source_status.py" line="34" />
      <source>connecting</source>
      <translation>连接中</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="34" />
      <source>live</source>
      <translation>正常</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="34" />
      <source>stale</source>
      <translation>停滞</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="34" />
      <source>retrying</source>
      <translation>重试中</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="35" />
      <source>rate limited</source>
      <translation>被限流</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="35" />
      <source>sign-in expired</source>
      <translation>登录失效</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="35" />
      <source>ended</source>
      <translation>已结束</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="36" />
      <source>failed</source>
      <translation>出错</translation>
    </message>
    <message>
      <location filename="../../ui/panels/source_status.py" line="41" />
      <source>{kind} {state} · {rate:.0f}/min</source>
      <translation>{kind} {state} · {rate:.0f}条/分</translation>
    </message>
  </context>
  <context>
    <name>StreamControls</name>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="65" />
      <source>Stream / Record</source>
      <translation>推流 / 录制</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="75" />
      <source>Stop the live stream?</source>
      <translation>停止直播推流？</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="76" />
      <source>The show is on air. Stop streaming now? Viewers will see the stream end.</source>
      <translation>直播正在进行。现在停止推流？观众将看到直播结束。</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="87" />
      <source>OBS refused {request}: {reason}</source>
      <translation>OBS 拒绝了 {request}：{reason}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="90" />
      <source>OBS accepted {request} ({ms:.0f} ms)</source>
      <translation>OBS 已执行 {request}（{ms:.0f} 毫秒）</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="96" />
      <source>Stop streaming…</source>
      <translation>停止推流…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="96" />
      <source>Start streaming</source>
      <translation>开始推流</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="97" />
      <source>Ctrl+Shift+S</source>
      <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="98" />
      <source>Stop recording</source>
      <translation>停止录制</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="98" />
      <source>Start recording</source>
      <translation>开始录制</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="99" />
      <source>Ctrl+Shift+R</source>
      <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="105" />
      <source>On air</source>
      <translation>直播中</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="105" />
      <source>Off air</source>
      <translation>未直播</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="107" />
      <source>stream reconnecting</source>
      <translation>推流重连中</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="108" />
      <source>recording</source>
      <translation>录制中</translation>
    </message>
    <message>
      <location filename="../../ui/panels/stream_controls.py" line="108" />
      <source>not recording</source>
      <translation>未录制</translation>
    </message>
  </context>
  <context>
    <name>Targets</name>
    <message>
      <location filename="../../ui/panels/targets_display.py" line="34" />
      <source>on target</source>
      <translation>达标</translation>
    </message>
    <message>
      <location filename="../../ui/panels/targets_display.py" line="34" />
      <source>near target</source>
      <translation>接近目标</translation>
    </message>
    <message>
      <location filename="../../ui/panels/targets_display.py" line="34" />
      <source>off target</source>
      <translation>未达标</translation>
    </message>
    <message>
      <location filename="../../ui/panels/targets_display.py" line="65" />
      <source>median {median} · top {top}</source>
      <translation>中位 {median} · 优秀 {top}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/targets_display.py" line="90" />
      <source>Impact vs the 5 min before: online {online} · comments/min {comments} · GMV/min {gmv} · est. loss {loss} over {minutes} min</source>
      <translation>对比前 5 分钟：在线 {online} · 评论/分 {comments} · GMV/分 {gmv} · 预估损失 {loss}（{minutes} 分钟）</translation>
    </message>
  </context>
  <context>
    <name>Teleprompter</name>
    <message>
      <location filename="../../ui/windows/teleprompter_window.py" line="219" />
      <source>Teleprompter</source>
      <translation>提词器</translation>
    </message>
    <message>
      <location filename="../../ui/windows/teleprompter_window.py" line="220" />
      <source>Mirror (M)</source>
      <translation>镜像 (M)</translation>
    </message>
    <message>
      <location filename="../../ui/windows/teleprompter_window.py" line="255" />
      <source>Next {due}: {what}</source>
      <translation>{due} 后：{what}</translation>
    </message>
  </context>
  <context>
    <name>TimelinePanel</name>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="63" />
      <source>Double-click a module to jump to it</source>
      <translation>双击模块跳转到该模块</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="236" />
      <source>Run of show</source>
      <translation>流程</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="239" />
      <source>◀ Previous</source>
      <translation>◀ 上一段</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="240" />
      <source>Next ▶ (N)</source>
      <translation>下一段 ▶ (N)</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="241" />
      <source>+1 min (E)</source>
      <translation>+1 分钟 (E)</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="242" />
      <source>−1 min (⇧E)</source>
      <translation>−1 分钟 (⇧E)</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="259" />
      <source>Resume (H)</source>
      <translation>继续 (H)</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="259" />
      <source>Hold (H)</source>
      <translation>暂停 (H)</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="266" />
      <source>Not started — {n} modules, {total} planned</source>
      <translation>未开始 — 共 {n} 段，计划 {total}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="275" />
      <source>Show ended</source>
      <translation>直播已结束</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="280" />
      <location filename="../../ui/panels/timeline_panel.py" line="298" />
      <source>Show {value}</source>
      <translation>全场 {value}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="287" />
      <source>HELD</source>
      <translation>已暂停</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="287" />
      <source>last minute</source>
      <translation>最后一分钟</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="287" />
      <source>OVERRUN</source>
      <translation>超时</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="293" />
      <source>Next cue in {due}: {what}</source>
      <translation>{due} 后 · {what}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="294" />
      <source>No more cues</source>
      <translation>本段无更多提示</translation>
    </message>
    <message>
      <location filename="../../ui/panels/timeline_panel.py" line="296" />
      <source>Module {value}</source>
      <translation>本段 {value}</translation>
    </message>
  </context>
  <context>
    <name>WallWindow</name>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="50" />
      <source>Room</source>
      <translation>直播间</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="50" />
      <source>Health</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="50" />
      <source>Show</source>
      <translation>节目</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="50" />
      <source>Module</source>
      <translation>环节</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="50" />
      <source>Over/under</source>
      <translation>超时/提前</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="50" />
      <source>OBS</source>
      <translation>OBS</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="50" />
      <source>Stream</source>
      <translation>推流</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="51" />
      <source>Incidents</source>
      <translation>事件</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="51" />
      <source>Proposals</source>
      <translation>待决建议</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="51" />
      <source>GMV ¥</source>
      <translation>成交额 ¥</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="51" />
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="51" />
      <source>Orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="51" />
      <source>Targets</source>
      <translation>目标</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="51" />
      <source>Last beat</source>
      <translation>最后心跳</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="52" />
      <source>Audience sources</source>
      <translation>观众数据源</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="56" />
      <source>● live</source>
      <translation>● 在线</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="56" />
      <source>▲ STALE — no heartbeat</source>
      <translation>▲ 失联 — 无心跳</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="56" />
      <source>ended</source>
      <translation>已结束</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="60" />
      <source>info</source>
      <translation>提示</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="60" />
      <source>warning</source>
      <translation>警告</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="60" />
      <source>critical</source>
      <translation>严重</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="64" />
      <source>connected</source>
      <translation>已连接</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="64" />
      <source>connecting…</source>
      <translation>连接中…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="64" />
      <source>reconnecting…</source>
      <translation>重连中…</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="65" />
      <source>wrong password</source>
      <translation>密码错误</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="65" />
      <source>disconnected</source>
      <translation>已断开</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="65" />
      <source>no OBS</source>
      <translation>无 OBS</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="83" />
      <source>● on air</source>
      <translation>● 推流中</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="83" />
      <source>off</source>
      <translation>未推流</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="86" />
      <source>{0} fps</source>
      <translation>{0} 帧/秒</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="89" />
      <source>{0} % dropped</source>
      <translation>丢帧 {0} %</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="124" />
      <source>interaction</source>
      <translation>互动</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="124" />
      <source>conversion</source>
      <translation>转化</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="125" />
      <source>refunds</source>
      <translation>退款</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="132" />
      <source>{0} s ago</source>
      <translation>{0} 秒前</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="133" />
      <source>{0} min ago</source>
      <translation>{0} 分钟前</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="205" />
      <source>rehearsal</source>
      <translation>排练</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="217" />
      <source>  est. loss ¥{0}</source>
      <translation>  预估损失 ¥{0}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="297" />
      <source>show {0}</source>
      <translation>节目 {0}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="298" />
      <source>console on {0}</source>
      <translation>控制台：{0}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="300" />
      <source>conversion {0} %</source>
      <translation>转化率 {0} %</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="302" />
      <source>{0} comments/min</source>
      <translation>{0} 条评论/分钟</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="304" />
      <source>Waiting for the operator: {0}</source>
      <translation>等待场控决定：{0}</translation>
    </message>
    <message>
      <location filename="../../ui/panels/rooms_table.py" line="306" />
      <source>No heartbeat for {0} s: the console may have crashed. Figures are the last known.</source>
      <translation>{0} 秒没有心跳：控制台可能已崩溃。数字为最后一次已知值。</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="188" />
      <source>Rooms wall — Liveroom</source>
      <translation>直播间总览 — Liveroom</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="189" />
      <source>Refresh now</source>
      <translation>立即刷新</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="190" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="191" />
      <source>Full screen</source>
      <translation>全屏</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="231" />
      <source>{0} rooms running</source>
      <translation>{0} 个直播间进行中</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="233" />
      <source>{0} without heartbeat</source>
      <translation>{0} 个无心跳</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="235" />
      <source>{0} open incidents</source>
      <translation>{0} 个未结事件</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="236" />
      <source>Reading the database…</source>
      <translation>正在读取数据库…</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="240" />
      <source>updated {0} · F5 refresh · Ctrl+Q close</source>
      <translation>更新于 {0} · F5 刷新 · Ctrl+Q 关闭</translation>
    </message>
    <message>
      <location filename="../../ui/windows/wall_window.py" line="243" />
      <source>database unreachable, showing the last read: {0}</source>
      <translation>数据库无法连接，显示的是上一次读取的数据：{0}</translation>
    </message>
  </context>
  <context>
    <name>Workspaces</name>
    <message>
      <location filename="../../ui/windows/workspaces.py" line="99" />
      <source>Controller</source>
      <translation>场控</translation>
    </message>
    <message>
      <location filename="../../ui/windows/workspaces.py" line="99" />
      <source>Rehearsal</source>
      <translation>排练</translation>
    </message>
    <message>
      <location filename="../../ui/windows/workspaces.py" line="99" />
      <source>Review</source>
      <translation>复盘</translation>
    </message>
    <message>
      <location filename="../../ui/windows/workspaces.py" line="219" />
      <source>{workspace} workspace</source>
      <translation>{workspace}工作区</translation>
    </message>
  </context>
</TS>
